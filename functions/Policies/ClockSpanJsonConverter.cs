using System.Text.Json;
using System.Text.Json.Serialization;

namespace FosteringWorkflows.Policies;

internal sealed class ClockSpanJsonConverter : JsonConverter<ClockSpan>
{
    public override ClockSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ClockSpan.TryParse(reader.GetString(), out var span) ? span : throw new JsonException("Not a clock span.");

    public override void Write(Utf8JsonWriter writer, ClockSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
