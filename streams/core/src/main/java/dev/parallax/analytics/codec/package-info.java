/** The small versioned binary format every operator state is written in. */
package dev.parallax.analytics.codec;
