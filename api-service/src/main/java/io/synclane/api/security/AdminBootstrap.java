package io.synclane.api.security;

import io.quarkus.runtime.StartupEvent;
import io.synclane.api.config.ApiConfig;
import io.synclane.common.domain.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Makes sure the operator's admin token works: a team, an admin user and the token's digest.
 * Written with ON CONFLICT so several replicas starting at once agree.
 */
@ApplicationScoped
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    static final String ADMIN_EMAIL = "admin@synclane.local";

    private final ApiConfig config;
    private final EntityManager entityManager;

    public AdminBootstrap(ApiConfig config, EntityManager entityManager) {
        this.config = config;
        this.entityManager = entityManager;
    }

    @Transactional
    void ensureAdmin(@Observes StartupEvent event) {
        config.adminToken().filter(t -> !t.isBlank()).ifPresent(token -> {
            entityManager.createNativeQuery("""
                    INSERT INTO team (name, advanced_alm) VALUES (?1, true) ON CONFLICT (name) DO NOTHING""")
                    .setParameter(1, config.adminTeam()).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO app_user (team_id, email, name, is_admin, is_superuser, can_edit_alm_connections,
                                          can_edit_analysis_connections)
                    SELECT id, ?2, 'Administrator', true, true, true, true FROM team WHERE name = ?1
                    ON CONFLICT (email) DO UPDATE SET is_superuser = true""")
                    .setParameter(1, config.adminTeam()).setParameter(2, ADMIN_EMAIL).executeUpdate();
            int added = entityManager.createNativeQuery("""
                    INSERT INTO api_token (user_id, key_hash, key_prefix, name)
                    SELECT id, ?2, ?3, 'admin token' FROM app_user WHERE email = ?1
                    ON CONFLICT (key_hash) DO NOTHING""")
                    .setParameter(1, ADMIN_EMAIL)
                    .setParameter(2, ApiKeys.digest(token))
                    .setParameter(3, ApiKeys.prefix(token))
                    .executeUpdate();
            if (added > 0) {
                LOG.infof("admin token %s... registered for %s", ApiKeys.prefix(token), ADMIN_EMAIL);
            }
        });
    }
}
