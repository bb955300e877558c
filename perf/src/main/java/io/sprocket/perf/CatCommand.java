package io.sprocket.perf;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sprocket.transport.cat.SpCat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code sprocket-perf cat}: speak SP from a shell, as nngcat does. The arguments are nngcat's and
 * go to {@link SpCat} untouched, so that a script written for nngcat works with it.
 */
@Command(name = "cat", sortOptions = false,
    description = {
        "An nngcat-like SP peer over the transport: --push0 | --pull0 | --pair0; --listen URL | --dial URL;"
            + " --data S | --file F; --count N; --hex | --raw | --quoted | --ascii; --recv-timeout SEC;"
            + " --recv-maxsz N; --interval SEC; --delay SEC; --async; -v.",
        "URLs are tcp://host:port (IPv4, [IPv6], *) or ipc:///path. Exit status: 0 done, 1 failed, 2 bad options.",
        "Example: sprocket-perf cat --pull0 --listen tcp://127.0.0.1:5555 --hex --count 1"})
final class CatCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    CatCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (args.contains("-h") || args.contains("--help")) {
            new CommandLine(this).usage(out);
            return SpCat.OK;
        }
        final SpCat.Options options;
        try {
            options = SpCat.parse(args.toArray(new String[0]));
        } catch (final IllegalArgumentException e) {
            err.println("sprocket cat: " + e.getMessage());
            err.println("see: sprocket-perf cat --help");
            return SpCat.USAGE;
        }
        return SpCat.run(options, out, err);
    }
}
