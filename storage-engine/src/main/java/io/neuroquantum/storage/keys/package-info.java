/**
 * Order-preserving byte encoding of typed key values for the B+ trees: keys compare with
 * {@code Arrays.compareUnsigned} exactly as their values compare in SQL order.
 *
 * <p>{@link io.neuroquantum.storage.keys.KeySchema} encodes and decodes whole keys;
 * {@link io.neuroquantum.storage.keys.KeyWriter} and {@link io.neuroquantum.storage.keys.KeyReader}
 * work one component at a time; {@link io.neuroquantum.storage.keys.LongKey} is the allocation-free
 * path for single BIGINT keys. Byte layouts: {@link io.neuroquantum.storage.keys.KeyType} and
 * {@code docs/formats/keys-encoding.md}.
 */
package io.neuroquantum.storage.keys;
