package io.neuroquantum.storage.web;

import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.table.IndexDefinition;
import io.neuroquantum.storage.table.ScanSpec;
import io.neuroquantum.storage.table.TableDefinition;
import io.neuroquantum.storage.table.TableTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Tables, indexes and rows: {@code /api/v1/tables}. See {@code docs/storage-api.md}. */
@RestController
@RequestMapping("/api/v1/tables")
class TableController {

    private final Database db;
    private final StorageWork work;

    TableController(Database db, StorageWork work) {
        this.db = db;
        this.work = work;
    }

    // ------------------------------------------------------------------ DDL

    @GetMapping
    Mono<List<TableViews.TableView>> list() {
        return Mono.fromSupplier(() -> db.tables().values().stream().map(TableViews::of).toList());
    }

    @PostMapping
    @PreAuthorize("hasRole('WRITE')")
    Mono<ResponseEntity<TableViews.TableView>> create(@RequestHeader(value = StorageWork.HEADER, required = false)
            String txn, @RequestBody TableDefinition def) {
        return work.run(txn, t -> TableViews.of(t.createTable(def)))
                .map(v -> ResponseEntity.status(HttpStatus.CREATED).body(v));
    }

    @GetMapping("/{table}")
    Mono<TableViews.TableView> describe(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table) {
        return work.read(txn, t -> TableViews.of(t.schema(table)));
    }

    @DeleteMapping("/{table}")
    @PreAuthorize("hasRole('WRITE')")
    Mono<ResponseEntity<Void>> drop(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table) {
        return work.run(txn, t -> {
            t.dropTable(table);
            return ResponseEntity.noContent().<Void>build();
        });
    }

    @PostMapping("/{table}/indexes")
    @PreAuthorize("hasRole('WRITE')")
    Mono<ResponseEntity<TableViews.TableView>> createIndex(@RequestHeader(value = StorageWork.HEADER,
            required = false) String txn, @PathVariable String table, @RequestBody IndexDefinition def) {
        return work.run(txn, t -> TableViews.of(t.createIndex(table, def)))
                .map(v -> ResponseEntity.status(HttpStatus.CREATED).body(v));
    }

    @DeleteMapping("/{table}/indexes/{index}")
    @PreAuthorize("hasRole('WRITE')")
    Mono<TableViews.TableView> dropIndex(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @PathVariable String index) {
        return work.run(txn, t -> TableViews.of(t.dropIndex(table, index)));
    }

    // ------------------------------------------------------------------ rows

    record InsertRequest(List<Object> rows, String mode) {
    }

    record RowCount(long rowCount) {
    }

    @PostMapping("/{table}/rows")
    @PreAuthorize("hasRole('WRITE')")
    Mono<RowCount> insert(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @RequestBody InsertRequest req) {
        boolean upsert;
        if (req.mode() == null || req.mode().equals("insert")) {
            upsert = false;
        } else if (req.mode().equals("upsert")) {
            upsert = true;
        } else {
            return Mono.error(StorageProblems.invalid("mode", "expected \"insert\" or \"upsert\""));
        }
        return work.run(txn, t -> new RowCount(t.insert(table, req.rows(), upsert)));
    }

    record GetRequest(List<Object> keys, List<String> columns) {
    }

    record Rows(List<String> columns, List<List<Object>> rows) {
    }

    /** Rows by primary key, in the order asked; a missing row is {@code null}. */
    @PostMapping("/{table}/get")
    Mono<Rows> get(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @RequestBody GetRequest req) {
        return work.read(txn, t -> rows(t, table, req.keys(), req.columns()));
    }

    /** One row by a single-column primary key: {@code {"column": value, ...}}, or 404. */
    @GetMapping("/{table}/rows/{key}")
    Mono<Map<String, Object>> getOne(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @PathVariable String key) {
        return work.read(txn, t -> {
            Rows r = rows(t, table, List.of(KeyText.parse(t.schema(table), key)), null);
            List<Object> row = r.rows().getFirst();
            if (row == null) {
                throw StorageProblems.noSuchRow(table);
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                out.put(r.columns().get(i), row.get(i));
            }
            return out;
        });
    }

    private static Rows rows(TableTransaction t, String table, List<Object> keys, List<String> columns) {
        List<Object[]> found = t.get(table, keys, columns);
        List<List<Object>> out = new ArrayList<>(found.size());
        for (Object[] r : found) {
            out.add(r == null ? null : TableViews.row(r));
        }
        return new Rows(t.columnNames(table, columns), out);
    }

    /**
     * Which rows an update or delete touches: {@code keys}, or a range and filter (as in a
     * scan); {@code "all": true} must be said explicitly to touch every row.
     */
    record ChangeRequest(List<Object> keys, String index, List<Object> lower, Boolean lowerInclusive,
            List<Object> upper, Boolean upperInclusive, Object where, Boolean all, Map<String, Object> set,
            Long limit) {

        TableTransaction.Selection selection(String table) {
            if (limit != null && limit < 0) {
                throw StorageProblems.invalid("limit", "must be >= 0");
            }
            boolean ranged = where != null || (lower != null && !lower.isEmpty())
                    || (upper != null && !upper.isEmpty());
            if (keys != null) {
                if (ranged || Boolean.TRUE.equals(all)) {
                    throw StorageProblems.badRequest("give either \"keys\" or a range/\"where\", not both");
                }
                return new TableTransaction.Selection(keys, null);
            }
            if (!ranged && !Boolean.TRUE.equals(all)) {
                throw StorageProblems.badRequest("no rows selected: give \"keys\", a range or \"where\" "
                        + "(or \"all\": true to touch every row)");
            }
            return new TableTransaction.Selection(null, new ScanSpec(table, index, lower == null ? List.of() : lower,
                    lowerInclusive == null || lowerInclusive, upper == null ? List.of() : upper,
                    upperInclusive == null || upperInclusive, where, null, false, limit == null ? 0 : limit));
        }
    }

    @PostMapping("/{table}/update")
    @PreAuthorize("hasRole('WRITE')")
    Mono<RowCount> update(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @RequestBody ChangeRequest req) {
        return work.run(txn, t -> new RowCount(t.update(table, req.selection(table), req.set())));
    }

    @PostMapping("/{table}/delete")
    @PreAuthorize("hasRole('WRITE')")
    Mono<RowCount> delete(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @RequestBody ChangeRequest req) {
        if (req.set() != null) {
            return Mono.error(StorageProblems.invalid("set", "a delete sets nothing"));
        }
        return work.run(txn, t -> new RowCount(t.delete(table, req.selection(table))));
    }
}
