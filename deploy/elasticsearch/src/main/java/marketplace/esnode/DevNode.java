package marketplace.esnode;

import java.io.Closeable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.MockNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Test/dev Elasticsearch node for the marketplace.
 *
 * <p>One single-node cluster on 127.0.0.1, run inside this JVM from the
 * Elasticsearch server jar. Its plugins are classes on the classpath (this is
 * how Elasticsearch's own integration tests start nodes): Netty4 for the HTTP
 * API, {@link RootEndpointPlugin} for {@code GET /}, and
 * {@link MarketplaceAnalysisPlugin} for the analysis filters of our
 * search mapping. Not for production: no security, no x-pack.
 *
 * <p>Configuration by environment:
 * <ul>
 *   <li>{@code ES_PORT}: HTTP port (default 9200)</li>
 *   <li>{@code ES_TRANSPORT_PORT}: node-to-node port (default 9300-9399, first free)</li>
 *   <li>{@code ES_HOME}: home directory; data lives in {@code $ES_HOME/data}
 *       (default var/elasticsearch)</li>
 * </ul>
 * It runs until the process gets SIGTERM/SIGINT, then closes the node cleanly.
 */
public final class DevNode {

    public static void main(String[] args) throws Exception {
        // Our log4j configuration (stdout, INFO), set before anything logs.
        System.setProperty("log4j2.configurationFile", "marketplace-es-log4j2.properties");
        // Elasticsearch's logging API on top of that log4j.
        LogConfigurator.configureESLogging();

        Path home = Path.of(env("ES_HOME", "var/elasticsearch")).toAbsolutePath().normalize();
        Settings settings = Settings.builder()
            .put("cluster.name", "marketplace-dev")
            .put("node.name", "marketplace-dev-node")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", env("ES_PORT", "9200"))
            .put("transport.port", env("ES_TRANSPORT_PORT", "9300-9399"))
            .put("discovery.type", "single-node")
            // The test/dev disk may be fuller than production's: never turn
            // indices read-only because of disk watermarks.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        Node node = newNode(
            settings,
            List.of(Netty4Plugin.class, RootEndpointPlugin.class, MarketplaceAnalysisPlugin.class)
        );
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (stop-elasticsearch.sh) or Ctrl-C: close the node cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "marketplace-es-shutdown"));
        try {
            node.start();
        } catch (Throwable e) {
            // E.g. the HTTP port is taken: say why and exit, not hang.
            e.printStackTrace();
            System.exit(1);
        }
        stopped.await();
    }

    /**
     * A {@link MockNode} (the test framework's node with classpath plugins),
     * built through its private (Environment, plugins, ...) constructor: the
     * public ones first touch ESTestCase, whose static set-up is meant for
     * unit tests (randomized runner, refuses to run as root, ...). That
     * private constructor is the whole node; we only prepare its Environment
     * the way MockNode's public constructors do.
     */
    private static Node newNode(Settings settings, Collection<Class<? extends Plugin>> plugins) throws Exception {
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), null, () -> "marketplace-dev-node"
        );
        Constructor<MockNode> constructor = MockNode.class.getDeclaredConstructor(
            Environment.class, Collection.class, boolean.class, Closeable.class
        );
        constructor.setAccessible(true);
        Closeable nothingToRelease = () -> {};
        try {
            return constructor.newInstance(environment, plugins, true, nothingToRelease);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
