using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsDeploy.Aws;

/// <summary>
/// AWS JSON 1.1 timestamps: epoch seconds (possibly fractional) on the wire, though some services and
/// hand-written fixtures use ISO-8601 strings; both are read, epoch seconds are written.
/// </summary>
public sealed class AwsTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // Decimal keeps millisecond precision that a double would blur for present-day epochs.
                var seconds = reader.TryGetDecimal(out var exact) ? exact : (decimal)reader.GetDouble();
                return DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
            case JsonTokenType.String:
                var text = reader.GetString();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }

                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var quoted))
                {
                    return DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(quoted * TimeSpan.TicksPerSecond));
                }

                throw new JsonException($"'{text}' is neither epoch seconds nor an ISO-8601 timestamp.");
            default:
                throw new JsonException($"Expected a timestamp, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
    }
}
