package dev.philjs.core.persist;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The guide's {@code Settings}. Fields are nullable because a decoded old object may lack
 * fields added since; {@link #withDefaults} fills them in.
 */
record Settings(@Nullable String theme, @Nullable String language, @Nullable Boolean notifications,
		@Nullable Integer fontSize) {

	static final Settings DEFAULTS = new Settings("light", "en", true, 16);

	static final Codec<Settings> CODEC = Codec.of(Settings::toJson, Settings::fromJson);

	/** The guide's {@code {...defaultSettings, ...JSON.parse(stored)}}. */
	static Settings withDefaults(Settings defaults, Settings stored) {
		return new Settings(pick(stored.theme, defaults.theme), pick(stored.language, defaults.language),
				pick(stored.notifications, defaults.notifications), pick(stored.fontSize, defaults.fontSize));
	}

	private static <T> @Nullable T pick(@Nullable T stored, @Nullable T defaultValue) {
		return (stored != null) ? stored : defaultValue;
	}

	Settings withTheme(String theme) {
		return new Settings(theme, this.language, this.notifications, this.fontSize);
	}

	Settings withFontSize(int fontSize) {
		return new Settings(this.theme, this.language, this.notifications, fontSize);
	}

	String toJson() {
		Map<String, Object> fields = new LinkedHashMap<>();
		put(fields, "theme", this.theme);
		put(fields, "language", this.language);
		put(fields, "notifications", this.notifications);
		put(fields, "fontSize", this.fontSize);
		return FlatJson.write(fields);
	}

	private static void put(Map<String, Object> fields, String name, @Nullable Object value) {
		if (value != null) {
			fields.put(name, value);
		}
	}

	static Settings fromJson(String json) {
		Map<String, Object> fields = FlatJson.read(json);
		return new Settings(field(fields, "theme", String.class), field(fields, "language", String.class),
				field(fields, "notifications", Boolean.class), field(fields, "fontSize", Integer.class));
	}

	private static <T> @Nullable T field(Map<String, Object> fields, String name, Class<T> type) {
		Object value = fields.get(name);
		if (value != null && !type.isInstance(value)) {
			throw new IllegalArgumentException(name + " is not a " + type.getSimpleName() + ": " + value);
		}
		return type.cast(value);
	}

}
