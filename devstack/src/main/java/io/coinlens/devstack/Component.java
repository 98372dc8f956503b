package io.coinlens.devstack;

/**
 * One JVM that devstack starts: a service or the exchange simulator.
 *
 * @param name   what the table and the logs call it
 * @param module the Maven module whose {@code target/<module>.jar} is started
 * @param port   its HTTP port
 */
record Component(String name, String module, int port) {

    String readinessUrl() {
        return "http://localhost:" + port + "/actuator/health/readiness";
    }
}
