using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace FosteringWorkflows.Backups;

/// <summary>
/// A table row as one line of JSON and back, every property with its type (<c>["S", "text"]</c>, <c>["L", "123"]</c>,
/// <c>["T", "2026-12-06T09:00:00.0000000+00:00"]</c>, …), so a restored row is the row that was backed up, type for type.
/// The service's own keys (PartitionKey, RowKey) are kept; the storage's (Timestamp, the ETag) are not.
/// </summary>
public static class TableRows
{
    public static string ToLine(TableEntity row)
    {
        var properties = new JsonObject();
        foreach (var (name, value) in row.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null)
            {
                continue;
            }

            properties[name] = value switch
            {
                string s => new JsonArray("S", s),
                bool b => new JsonArray("B", b),
                int i => new JsonArray("I", i),
                long l => new JsonArray("L", l.ToString(CultureInfo.InvariantCulture)),
                double d => new JsonArray("D", d.ToString("R", CultureInfo.InvariantCulture)),
                DateTimeOffset t => new JsonArray("T", t.ToString("O", CultureInfo.InvariantCulture)),
                DateTime t => new JsonArray("T", new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)),
                Guid g => new JsonArray("G", g.ToString()),
                byte[] bytes => new JsonArray("X", Convert.ToBase64String(bytes)),
                BinaryData data => new JsonArray("X", Convert.ToBase64String(data.ToArray())),
                _ => throw new InvalidOperationException($"A property of type {value.GetType().Name} cannot be backed up."),
            };
        }

        return new JsonObject { ["pk"] = row.PartitionKey, ["rk"] = row.RowKey, ["p"] = properties }.ToJsonString();
    }

    public static TableEntity FromLine(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        var row = new TableEntity(node["pk"]!.GetValue<string>(), node["rk"]!.GetValue<string>());
        foreach (var (name, typed) in node["p"]!.AsObject())
        {
            var pair = typed!.AsArray();
            var value = pair[1]!;
            row[name] = pair[0]!.GetValue<string>() switch
            {
                "S" => value.GetValue<string>(),
                "B" => value.GetValue<bool>(),
                "I" => value.GetValue<int>(),
                "L" => long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
                "D" => double.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
                "T" => DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                "G" => Guid.Parse(value.GetValue<string>()),
                "X" => Convert.FromBase64String(value.GetValue<string>()),
                var other => throw new JsonException($"Unknown property type '{other}'."),
            };
        }

        return row;
    }
}
