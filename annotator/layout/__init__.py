"""Text layout for the terminal: Arabic shaping, UAX #9 bidi, wrapping and the offset maps."""
