package io.neuroquantum.optimizer.solve;

/** Why a solve ended. */
public enum StopReason { COMPLETED, TARGET_REACHED, TIME_LIMIT, CANCELLED }
