package io.neuroquantum.bench.recovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parent's record of what a torture child was told is durable, and the check of a
 * recovered store against it.
 *
 * <p>Protocol (child stdout, one line per event, written whole before the event's next step):
 * <pre>
 * &#64;READY &lt;rows&gt;                      opened (recovered) the store, workload starting
 * &#64;C &lt;tx&gt; [+key.gen | -key.gen]...   about to call commit(): the net writes (+ put, - delete)
 * &#64;A &lt;tx&gt;                          commit() returned: acknowledged, must survive any crash
 * &#64;R &lt;tx&gt; [why]                    rolled back (no &#64;C before it): none of its writes may survive
 * &#64;E &lt;message&gt;                     the child saw a wrong answer or failed; it exits
 * </pre>
 * A put of key k in generation g of transaction tx stores {@code TortureValues.value(tx.g, k)}.
 * Each key belongs to one child thread, and a thread runs one transaction at a time, so a key's
 * expected state is exact: the last acknowledged write of it. A transaction with {@code @C} but
 * no {@code @A} was in flight at the kill: it may be durable or not, but atomically.
 */
public final class TortureLedger {

    /** The state an acknowledged write left: the key holds {@code tag}'s value, or is deleted by it. */
    record State(String tag, boolean deleted) {
    }

    /** One write of a transaction's commit line. */
    record Write(String key, String tag, boolean delete) {
    }

    /** The outcome of one check. */
    public record Verdict(int keysChecked, int lostCommits, int phantomChanges, int corruptValues,
                          int tornTransactions, int inFlight, int inFlightDurable, List<String> problems) {

        public boolean clean() {
            return lostCommits == 0 && phantomChanges == 0 && corruptValues == 0 && tornTransactions == 0;
        }
    }

    private static final int MAX_PROBLEMS = 20;

    private final Map<String, State> acked = new HashMap<>();
    private final Set<String> ackedTags = new HashSet<>();
    private final Map<String, List<Write>> inFlight = new LinkedHashMap<>();
    private final Set<String> committing = new HashSet<>();
    private final List<String> errors = new ArrayList<>();
    private long acknowledged;
    private long rolledBack;
    private boolean ready;

    /** Takes one line of child output; lines not starting with '@' are ignored. */
    public synchronized void accept(String line) {
        if (!line.startsWith("@")) {
            return;
        }
        String[] f = line.trim().split(" ");
        switch (f[0]) {
            case "@READY" -> ready = true;
            case "@C" -> {
                need(f, 2, line);
                List<Write> writes = new ArrayList<>();
                for (int i = 2; i < f.length; i++) {
                    writes.add(parseWrite(f[1], f[i], line));
                }
                if (!committing.add(f[1])) {
                    throw new IllegalArgumentException("transaction " + f[1] + " committed twice: " + line);
                }
                inFlight.put(f[1], writes);
            }
            case "@A" -> {
                need(f, 2, line);
                List<Write> writes = inFlight.remove(f[1]);
                if (writes == null) {
                    throw new IllegalArgumentException("acknowledgement of " + f[1] + " without its commit line");
                }
                for (Write w : writes) {
                    acked.put(w.key(), new State(w.tag(), w.delete()));
                    ackedTags.add(w.tag());
                }
                acknowledged++;
            }
            case "@R" -> rolledBack++;
            case "@E" -> errors.add(line.length() > 2 ? line.substring(2).trim() : line);
            case "@DONE" -> {
            }
            default -> throw new IllegalArgumentException("unknown child line: " + line);
        }
    }

    private static void need(String[] f, int n, String line) {
        if (f.length < n) {
            throw new IllegalArgumentException("short child line: " + line);
        }
    }

    /** {@code +key.gen} or {@code -key.gen} of transaction {@code tx}. */
    private static Write parseWrite(String tx, String w, String line) {
        int dot = w.lastIndexOf('.');
        if (w.length() < 4 || (w.charAt(0) != '+' && w.charAt(0) != '-') || dot < 2) {
            throw new IllegalArgumentException("bad write '" + w + "' in: " + line);
        }
        String key = w.substring(1, dot);
        int gen = Integer.parseInt(w.substring(dot + 1));
        return new Write(key, TortureValues.writeTag(tx, gen), w.charAt(0) == '-');
    }

    public synchronized boolean ready() {
        return ready;
    }

    public synchronized long acknowledged() {
        return acknowledged;
    }

    public synchronized long rolledBack() {
        return rolledBack;
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Starts a new child run: the readiness flag is reset (the recorded state stays). */
    public synchronized void newRun() {
        ready = false;
    }

    /**
     * Checks the whole recovered content of the store ({@code found}: key to value) against the
     * acknowledged state, accepting either outcome, atomically, for transactions in flight.
     */
    public synchronized Verdict verify(Map<String, byte[]> found) {
        Map<String, List<Write>> inFlightByKey = inFlightByKey();
        Set<String> keys = new TreeSet<>(acked.keySet());
        keys.addAll(inFlightByKey.keySet());
        keys.addAll(found.keySet());
        Set<String> inFlightTags = new HashSet<>();
        inFlight.values().forEach(ws -> ws.forEach(w -> inFlightTags.add(w.tag())));
        Set<String> lost = new TreeSet<>();
        int phantoms = 0;
        int corrupt = 0;
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            byte[] v = found.get(key);
            String tag = TortureValues.tagOf(v);
            if (v != null && !TortureValues.intact(key, v)) {
                corrupt++;
                note(problems, "key " + key + ": corrupt value of " + v.length + " bytes (names " + tag + ")");
                continue;
            }
            State expected = acked.get(key);
            if (matches(expected, tag)) {
                continue;
            }
            boolean inFlightOk = false;
            for (Write w : inFlightByKey.getOrDefault(key, List.of())) {
                inFlightOk |= w.delete() ? tag == null : w.tag().equals(tag);
            }
            if (inFlightOk) {
                continue;
            }
            if (expected != null) {
                lost.add(transactionOf(expected.tag()));
            }
            boolean known = tag == null || ackedTags.contains(tag) || inFlightTags.contains(tag);
            if (!known || (tag != null && expected == null)) {
                phantoms++;
            }
            note(problems, "key " + key + ": found " + (tag == null ? "nothing" : "the value of " + tag
                    + (ackedTags.contains(tag) ? " (an older acknowledged write)" : " (never acknowledged)"))
                    + ", expected " + (expected == null ? "nothing" : expected.deleted() ? "deleted by " + expected.tag()
                    : "the value of " + expected.tag()) + describeInFlight(inFlightByKey.get(key)));
        }
        int torn = 0;
        int durable = 0;
        for (Map.Entry<String, List<Write>> tx : inFlight.entrySet()) {
            Outcome o = outcome(tx.getValue(), found);
            if (o == Outcome.TORN) {
                torn++;
                note(problems, "in-flight transaction " + tx.getKey() + " is partly durable: " + tx.getValue());
            } else if (o == Outcome.APPLIED) {
                durable++;
            }
        }
        return new Verdict(keys.size(), lost.size(), phantoms, corrupt, torn, inFlight.size(), durable,
                List.copyOf(problems));
    }

    /**
     * After a check: in-flight transactions found durable become acknowledged, the others are
     * forgotten, and any key whose recovered state still differs (a failure already reported)
     * takes the recovered state, so the next run is judged on its own.
     */
    public synchronized void adopt(Map<String, byte[]> found) {
        for (Map.Entry<String, List<Write>> tx : inFlight.entrySet()) {
            if (outcome(tx.getValue(), found) == Outcome.APPLIED) {
                for (Write w : tx.getValue()) {
                    acked.put(w.key(), new State(w.tag(), w.delete()));
                    ackedTags.add(w.tag());
                }
            }
        }
        inFlight.clear();
        Set<String> keys = new HashSet<>(acked.keySet());
        keys.addAll(found.keySet());
        for (String key : keys) {
            byte[] v = found.get(key);
            String tag = TortureValues.tagOf(v);
            State expected = acked.get(key);
            if (!matches(expected, tag)) {
                String t = tag != null ? tag : expected != null ? expected.tag() : "unknown.0";
                acked.put(key, new State(t, tag == null));
                ackedTags.add(t);
            }
        }
    }

    private enum Outcome { APPLIED, NOT_APPLIED, TORN, UNKNOWABLE }

    private Outcome outcome(List<Write> writes, Map<String, byte[]> found) {
        boolean applied = false;
        boolean notApplied = false;
        for (Write w : writes) {
            String tag = TortureValues.tagOf(found.get(w.key()));
            boolean isNew = w.delete() ? tag == null : w.tag().equals(tag);
            boolean isOld = matches(acked.get(w.key()), tag);
            if (isNew && !isOld) {
                applied = true;
            } else if (isOld && !isNew) {
                notApplied = true;
            }
        }
        if (applied && notApplied) {
            return Outcome.TORN;
        }
        return applied ? Outcome.APPLIED : notApplied ? Outcome.NOT_APPLIED : Outcome.UNKNOWABLE;
    }

    /** The transaction tag of a write tag ({@code tx.gen}). */
    static String transactionOf(String writeTag) {
        int dot = writeTag.lastIndexOf('.');
        return dot < 0 ? writeTag : writeTag.substring(0, dot);
    }

    private static boolean matches(State expected, String foundTag) {
        if (expected == null || expected.deleted()) {
            return foundTag == null;
        }
        return Objects.equals(expected.tag(), foundTag);
    }

    private Map<String, List<Write>> inFlightByKey() {
        Map<String, List<Write>> byKey = new HashMap<>();
        inFlight.values().forEach(ws -> ws.forEach(w -> byKey.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w)));
        return byKey;
    }

    private static String describeInFlight(List<Write> writes) {
        return writes == null ? "" : " (in flight: " + writes + ")";
    }

    private static void note(List<String> problems, String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }
}
