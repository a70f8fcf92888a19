package dev.philjs.core.persist;

import java.util.LinkedHashMap;
import java.util.Map;

/** A product of the guide's offline-first catalogue, stored as flat JSON. */
record Product(String name, int price) {

	static final Codec<Product> CODEC = Codec.of(Product::toJson, Product::fromJson);

	String toJson() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("name", this.name);
		fields.put("price", this.price);
		return FlatJson.write(fields);
	}

	static Product fromJson(String json) {
		Map<String, Object> fields = FlatJson.read(json);
		if (!(fields.get("name") instanceof String name) || !(fields.get("price") instanceof Integer price)) {
			throw new IllegalArgumentException("Not a product: " + json);
		}
		return new Product(name, price);
	}

}
