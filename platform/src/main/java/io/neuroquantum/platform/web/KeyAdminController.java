package io.neuroquantum.platform.web;

import io.neuroquantum.platform.auth.ApiKey;
import io.neuroquantum.platform.auth.IssuedKey;
import io.neuroquantum.platform.auth.KeyRegistry;
import io.neuroquantum.platform.auth.Role;
import io.neuroquantum.platform.auth.UnknownKeyException;
import io.neuroquantum.platform.problem.ApiProblem;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key administration on the key authority (storage-service), admin role only (enforced by
 * the security chain for {@code /api/v1/admin/**}). The secret of a new key is in the
 * create response and nowhere else.
 */
@RestController
@RequestMapping("/api/v1/admin/keys")
public class KeyAdminController {

    private final KeyRegistry registry;

    public KeyAdminController(KeyRegistry registry) {
        this.registry = registry;
    }

    public record CreateKeyRequest(String name, List<String> roles) {
    }

    public record KeyView(String id, String name, List<String> roles, Instant createdAt, Instant revokedAt,
                          boolean bootstrap) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.name(), k.roles().stream().sorted().map(Role::wireName).toList(),
                    k.createdAt(), k.revokedAt(), k.bootstrap());
        }
    }

    public record CreatedKey(String id, String name, List<String> roles, Instant createdAt, String key) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedKey create(@RequestBody CreateKeyRequest request) {
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            throw ApiProblem.badRequest("field 'name' is required: 1 to 200 characters");
        }
        if (request.roles() == null || request.roles().isEmpty()) {
            throw ApiProblem.badRequest("field 'roles' must list at least one of read, write, admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : request.roles()) {
            try {
                roles.add(Role.parse(name));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("field 'roles': " + e.getMessage());
            }
        }
        IssuedKey issued = registry.create(request.name(), roles);
        ApiKey k = issued.key();
        return new CreatedKey(k.id(), k.name(), KeyView.of(k).roles(), k.createdAt(), issued.secret());
    }

    @GetMapping
    public List<KeyView> list() {
        return registry.list().stream().map(KeyView::of).toList();
    }

    @DeleteMapping("/{id}")
    public KeyView revoke(@PathVariable String id) {
        try {
            return KeyView.of(registry.revoke(id));
        } catch (UnknownKeyException e) {
            throw ApiProblem.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiProblem.conflict(e.getMessage());
        }
    }
}
