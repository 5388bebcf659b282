import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.util.List;

/**
 * Runs mongo-java-server 1.47 (memory backend) for the test suite: {@code java -jar
 * mongo-java-server.jar PORT} listens on 127.0.0.1:PORT (0 picks a free port) and prints {@code
 * ready 127.0.0.1:PORT} once clients can connect. It exits on SIGTERM, and when its standard input
 * closes, so that a test run killed without cleaning up does not leave a JVM holding its heap.
 */
public final class TestServer {
  /**
   * The Node driver 7 refuses servers below wire version 9 (MongoDB 4.4), and the library's own
   * newest {@code ServerVersion.MONGO_5_0} announces wire version 8. The version only changes what
   * hello and buildInfo answer, not how the server behaves.
   */
  private static final MongoVersion MONGO_4_4 =
      new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
          return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
          return 9;
        }
      };

  private TestServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !args[0].matches("\\d{1,5}")) {
      System.err.println("usage: java -jar mongo-java-server.jar PORT");
      System.exit(2);
    }
    // Before the first logger exists: slf4j-simple reads its level once. Connections are logged at
    // info, thousands of lines in a test run; warnings and errors still reach standard error.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    MongoServer server = new MongoServer(new MemoryBackend().version(MONGO_4_4));
    server.bind("127.0.0.1", Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("ready 127.0.0.1:" + server.getLocalAddress().getPort());
    System.out.flush();

    while (System.in.read() != -1) {
      // Nothing is read from standard input; it is only watched for its end.
    }
    System.exit(0);
  }
}
