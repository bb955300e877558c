package io.sprocket.message;

import org.agrona.DirectBuffer;

/**
 * The start-up check for the one JVM flag Sprocket needs.
 *
 * <p>Sprocket's off-heap memory goes through Agrona, and Agrona reaches
 * {@code jdk.internal.misc.Unsafe}, which {@code java.base} does not export unless the JVM is started
 * with {@value #FLAG} (or, in an executable jar, the manifest attribute
 * {@code Add-Exports: java.base/jdk.internal.misc}). Without it Agrona fails with an
 * {@code IllegalAccessError} from deep inside the first allocation. So the classes an application
 * touches first ({@link InfraConfig#builder()}, {@link InfraConfig#defaults()}, the
 * {@link BufferPool} constructor, and the ring's and the transport's builders) call
 * {@link #require()}, which throws an error that names the flag and where to put it.
 *
 * <p>The check runs once, when this class is initialised: it asks whether {@code java.base} exports
 * the package to Agrona's module, and loads no Agrona class that touches the package.
 *
 * <p><b>Note:</b> any thread may call every method; {@link #require()} and {@link #isExported()}
 * read a constant and allocate nothing, except the exception thrown when the flag is missing.
 */
public final class JvmAccess {
    /** The package of {@code java.base} that Agrona reaches. */
    public static final String PACKAGE = "jdk.internal.misc";

    /** The flag for an application on the class path (the usual case). */
    public static final String FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    /** Agrona's module: unnamed on the class path, {@code org.agrona} on the module path. */
    private static final Module AGRONA = DirectBuffer.class.getModule();

    private static final boolean EXPORTED = Object.class.getModule().isExported(PACKAGE, AGRONA);

    private JvmAccess() {
    }

    /**
     * Whether this JVM exports {@value #PACKAGE} to Agrona, so that Sprocket can run.
     *
     * @return true when the flag (or the manifest attribute) is in effect.
     */
    public static boolean isExported() {
        return EXPORTED;
    }

    /**
     * Throws unless this JVM exports {@value #PACKAGE} to Agrona.
     *
     * @throws IllegalStateException when the flag is missing; its message names the flag and every
     *                               place it can go.
     */
    public static void require() {
        if (!EXPORTED) {
            throw new IllegalStateException(missingFlagMessage(AGRONA.isNamed() ? AGRONA.getName() : null));
        }
    }

    /**
     * The message of {@link #require()}'s error.
     *
     * @param agronaModule the name of Agrona's module, or null when it is on the class path.
     * @return the message: the flag, why, and where it goes.
     */
    static String missingFlagMessage(final String agronaModule) {
        final String target = agronaModule == null ? "ALL-UNNAMED" : agronaModule;
        final String flag = "--add-exports java.base/" + PACKAGE + "=" + target;
        final String words = "\"--add-exports\", \"java.base/" + PACKAGE + "=" + target + "\"";
        final StringBuilder b = new StringBuilder(1024)
            .append("Sprocket needs the JVM flag\n\n    ").append(flag).append("\n\n")
            .append("Sprocket keeps its messages off the heap through Agrona, which reaches jdk.internal.misc.Unsafe;")
            .append(" this JVM does not export that package to ")
            .append(agronaModule == null ? "the class path" : "module " + agronaModule).append(". Put the flag\n")
            .append("  - on the java command line:  java ").append(flag).append(" -cp ... com.example.Main\n")
            .append("  - or for every java started from a shell:  export JDK_JAVA_OPTIONS='").append(flag).append("'\n")
            .append("  - for mvn exec:java (Maven's own JVM):  a line of .mvn/jvm.config in the project's root directory\n")
            .append("  - for Maven tests:  Surefire's <argLine>").append(flag).append("</argLine>\n")
            .append("  - for Gradle:  jvmArgs(").append(words).append(") on the Test and JavaExec tasks,")
            .append(" and applicationDefaultJvmArgs for start scripts\n");
        if (agronaModule == null) {
            b.append("  - in an executable jar:  the manifest attribute Add-Exports: java.base/").append(PACKAGE)
                .append('\n');
        }
        return b.append("See \"Run configurations\" in Sprocket's README.").toString();
    }
}
