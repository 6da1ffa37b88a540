package io.neuroquantum.bench;

class H2TargetTest extends KvTargetContractTest {

    @Override
    KvTarget create() {
        return new H2Target();
    }
}
