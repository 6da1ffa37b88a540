package io.neuroquantum.cli.suite;

/**
 * What {@code nq status} shows for one service.
 *
 * @param pid    the process nq started, or -1 if none is running
 * @param health the actuator's status, or UNREACHABLE
 */
public record ServiceState(ServiceSpec service, int port, long pid, String health) {

    public boolean running() {
        return pid > 0;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
