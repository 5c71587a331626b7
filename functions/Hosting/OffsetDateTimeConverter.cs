using System.Text.Json;
using System.Text.Json.Serialization;

namespace FosteringWorkflows.Hosting;

/// <summary>Reads date-times only with an offset (see <see cref="Instants"/>); writes them as ISO 8601.</summary>
public sealed class OffsetDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Instants.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonFieldException(Instants.Format);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
