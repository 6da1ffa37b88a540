package io.neuroquantum.bench;

class NeuroQuantumTargetTest extends KvTargetContractTest {

    @Override
    KvTarget create() {
        return new NeuroQuantumTarget();
    }
}
