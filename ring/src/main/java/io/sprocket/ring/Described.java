package io.sprocket.ring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.management.DescriptorKey;

/**
 * What an MXBean attribute measures, in the words of the person reading it, and its unit. Put on
 * each getter of an MXBean interface registered through {@link DescribedMBean}: the text becomes the
 * attribute's description (what JConsole and VisualVM show beside it), and the unit becomes the
 * standard {@code units} field of the attribute's descriptor.
 *
 * <p><b>Note:</b> an annotation, read once when a bean is registered; it costs nothing afterwards.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Described {
    /**
     * The sentence that ends the description of every count: what reading an attribute on its own
     * means, and where to read them all at one moment.
     */
    String ALONE = " Read on its own, at its own moment: a later read, of this attribute or another, can be larger;"
        + " Snapshot reads every figure at one moment.";

    /**
     * What the figure measures and since when, in a sentence or two.
     *
     * @return the description.
     */
    String value();

    /**
     * The unit of the figure, plural and lower case ({@code "slots"}, {@code "messages"},
     * {@code "bytes"}, {@code "ratio"}), or {@code "text"} for a name.
     *
     * @return the unit.
     */
    @DescriptorKey("units")
    String units();
}
