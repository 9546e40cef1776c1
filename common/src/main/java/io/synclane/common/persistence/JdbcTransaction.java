package io.synclane.common.persistence;

import java.sql.Connection;
import javax.sql.DataSource;

/**
 * One transaction of plain JDBC on a pooled connection of its own, for hot paths that need neither JTA nor a
 * session: committed when the work returns, rolled back when it throws, and the connection handed back to the pool
 * in autocommit mode either way.
 */
public final class JdbcTransaction {
    private JdbcTransaction() {
    }

    /** What runs inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    public static <T> T run(DataSource dataSource, Work<T> work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
