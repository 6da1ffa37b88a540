package io.neuroquantum.platform.web;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.auth.Role;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/auth/whoami}: the identity of the presented key, on every service. */
@RestController
public class AuthController {

    public record Identity(String id, String name, List<String> roles) {
    }

    @GetMapping("/api/v1/auth/whoami")
    public Identity whoami(@AuthenticationPrincipal KeyPrincipal principal) {
        return new Identity(principal.id(), principal.name(),
                principal.roles().stream().sorted().map(Role::wireName).toList());
    }
}
