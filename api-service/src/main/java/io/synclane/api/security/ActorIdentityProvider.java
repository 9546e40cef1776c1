package io.synclane.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.synclane.api.config.ApiConfig;
import io.synclane.api.service.Actor;
import io.synclane.api.service.ActorsChanged;
import io.synclane.api.service.Texts;
import io.synclane.common.domain.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Turns an API key into the {@link Actor} who owns it, for every face: the one place a caller's team and
 * permissions are read. The lookup reads the database, so it runs on a worker thread, never the event loop.
 */
@ApplicationScoped
public class ActorIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {
    /** The attribute of the {@link SecurityIdentity} that holds its {@link Actor}. */
    public static final String ACTOR = "synclane.actor";

    private final ActorLookup lookup;

    public ActorIdentityProvider(ActorLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        Actor remembered = lookup.remembered(request.key());
        if (remembered != null) {
            return Uni.createFrom().item(identity(remembered)); // no database, so no hop to a worker thread
        }
        return context.runBlocking(() -> {
            Actor actor = lookup.byApiKey(request.key());
            if (actor == null) {
                throw new AuthenticationFailedException("unknown API key");
            }
            return identity(actor);
        });
    }

    private static SecurityIdentity identity(Actor actor) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(String.valueOf(actor.userId())))
                .addAttribute(ACTOR, actor)
                .build();
    }

    /**
     * The key owner's actor, in one query on a pooled connection of its own. Authentication runs before the
     * request's context and transaction exist; plain JDBC needs neither, where a Hibernate session for this one
     * read cost a request context and a session per request (bench: the trigger's HTTP answer p50 57 -> 86 ms).
     */
    @ApplicationScoped
    public static class ActorLookup {
        /** More keys than this in use at once and the memory starts afresh rather than grow. */
        private static final int REMEMBERED_KEYS = 10_000;

        private final DataSource dataSource;
        private final long rememberNanos;
        /**
         * Actors by key digest, each until its deadline: a client sending many requests with one key is looked up
         * once per {@code synclane.auth.remember-keys}, not once per request (the lookup was a query and two thread
         * hops per trigger). This process forgets them all when a token, user or team changes here; another
         * replica's change is seen within that time.
         */
        private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

        private record Remembered(Actor actor, long until) {
        }

        public ActorLookup(DataSource dataSource, ApiConfig config) {
            this.dataSource = dataSource;
            this.rememberNanos = config.auth().rememberKeys().toNanos();
        }

        public Actor byApiKey(String key) {
            Actor actor = lookUp(key, null);
            if (actor != null && rememberNanos > 0) {
                if (remembered.size() >= REMEMBERED_KEYS) {
                    remembered.clear();
                }
                remembered.put(digest(key), new Remembered(actor, System.nanoTime() + rememberNanos));
            }
            return actor;
        }

        /** The key's actor if it was looked up a moment ago, else null (then {@link #byApiKey} asks the database). */
        public Actor remembered(String key) {
            if (rememberNanos <= 0 || key == null) {
                return null;
            }
            Remembered entry = remembered.get(digest(key));
            return entry != null && entry.until() - System.nanoTime() > 0 ? entry.actor() : null;
        }

        void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) ActorsChanged change) {
            remembered.clear();
        }

        /** Keys are remembered by their digest, as the database keeps them, never in the clear. */
        private static String digest(String key) {
            return HexFormat.of().formatHex(ApiKeys.digest(key));
        }

        /** The actor owning the key, if that is the user of this email or name (the DCI face's Basic login). */
        public Actor byUserAndApiKey(String user, String key) {
            return lookUp(key, user);
        }

        private Actor lookUp(String key, String user) {
            if (!Texts.isStorable(user)) {
                return null; // no user is named with a NUL (nor could PostgreSQL compare one): an unknown login
            }
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement("""
                            SELECT u.team_id, u.id, u.is_admin, u.is_superuser, u.can_edit_alm_connections,
                                   u.can_edit_analysis_connections
                            FROM api_token t JOIN app_user u ON u.id = t.user_id
                            WHERE t.key_hash = ? AND (?::text IS NULL OR u.email = ? OR u.name = ?)""")) {
                select.setBytes(1, ApiKeys.digest(key));
                select.setString(2, user);
                select.setString(3, user);
                select.setString(4, user);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? new Actor(rs.getLong(1), rs.getLong(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getBoolean(6)) : null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the API key could not be checked", e); // not a refusal: a failure
            }
        }
    }
}
