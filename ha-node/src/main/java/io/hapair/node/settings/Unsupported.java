package io.hapair.node.settings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A value an operator may expect an enum field to take but that it does not, and why: the JSON shape
 * check then says why instead of only listing the values it takes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Unsupported {

    /** The JSON value, as a client would send it. */
    String value();

    /** Why it is refused, read after "'value' is not supported: ". */
    String because();
}
