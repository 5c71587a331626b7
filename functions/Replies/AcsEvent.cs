using System.Globalization;
using System.Text.Json;
using Azure.Messaging.EventGrid;

namespace FosteringWorkflows.Replies;

/// <summary>
/// One Event Grid event this webhook takes, its data read by name whatever its case (Azure's samples write both
/// <c>From</c> and <c>from</c>): the subscription's validation, an SMS received, or an SMS delivery report. A field of
/// the wrong type, or one a kind needs and lacks, is the caller's mistake, named as <c>[i].data.{field}</c>.
/// </summary>
public sealed record AcsEvent(string Type, string EventId, DateTimeOffset EventTime, IReadOnlyDictionary<string, string> Data, DateTimeOffset? At)
{
    public const string Validation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public const string Received = "Microsoft.Communication.SMSReceived";

    public const string Report = "Microsoft.Communication.SMSDeliveryReportReceived";

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        [Validation] = ["validationCode"],
        [Received] = ["from", "message"],
        [Report] = [],
    };

    public string? this[string field] => Data.GetValueOrDefault(field);

    /// <summary>The event as this webhook takes it; null (and no error) for a kind it does not take; or the field that is wrong.</summary>
    public static (AcsEvent? Event, string? Field, string? Problem) Read(EventGridEvent e, int index)
    {
        if (!Required.TryGetValue(e.EventType, out var required))
        {
            return (null, null, null);
        }

        var at = $"[{index}].data";
        JsonElement data;
        try
        {
            using var document = JsonDocument.Parse(e.Data.ToMemory());
            data = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, at, "The event's data: a JSON object.");
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            return (null, at, "The event's data: a JSON object.");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in data.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                fields[property.Name] = property.Value.GetString()!;
            }
            else if (property.Value.ValueKind != JsonValueKind.Null && property.Name.ToLowerInvariant() is "validationcode" or "messageid" or "from" or "to" or "message"
                     or "deliverystatus" or "deliverystatusdetails" or "tag" or "receivedtimestamp")
            {
                return (null, $"{at}.{Camel(property.Name)}", "A string.");
            }
        }

        foreach (var field in required)
        {
            if (!fields.TryGetValue(field, out var value) || (field != "message" && value.Trim().Length == 0))
            {
                return (null, $"{at}.{field}", field switch
                {
                    "validationCode" => "The code to answer the subscription's validation with.",
                    "from" => "The number the text came from.",
                    _ => "The words of the text.",
                });
            }
        }

        DateTimeOffset? received = null;
        if (fields.TryGetValue("receivedTimestamp", out var stamp))
        {
            if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return (null, $"{at}.receivedTimestamp", "An ISO 8601 date and time.");
            }

            received = parsed;
        }

        return (new AcsEvent(e.EventType, e.Id, e.EventTime, fields, received), null, null);
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
