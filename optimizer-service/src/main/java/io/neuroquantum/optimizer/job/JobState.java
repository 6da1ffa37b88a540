package io.neuroquantum.optimizer.job;

/** Life of a job: queued -&gt; running -&gt; one of done, failed, cancelled. */
public enum JobState { QUEUED, RUNNING, DONE, FAILED, CANCELLED }
