package io.neuroquantum.bench;

class SqliteTargetTest extends KvTargetContractTest {

    @Override
    KvTarget create() {
        return new SqliteTarget();
    }
}
