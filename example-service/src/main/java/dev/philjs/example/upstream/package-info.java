/**
 * A stand-in for another microservice (a warehouse: products, stock levels and orders),
 * served by the example service under {@code /upstream} so that the example runs as one
 * process. The example's stores talk to it only over HTTP, as they would to a real
 * upstream service.
 */
@NullMarked
package dev.philjs.example.upstream;

import org.jspecify.annotations.NullMarked;
