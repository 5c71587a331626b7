using System.Globalization;
using System.Text.Json;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// An event as recorded by staff; <see cref="Choice"/> or <see cref="When"/> carries its main data field. The Stage 1
/// events carry more: whose check it is (<see cref="Person"/>), why it does not apply (<see cref="Reason"/>), and who joined
/// the household (<see cref="FirstName"/>, <see cref="DateOfBirth"/>, with the relationship as the choice). A note carries
/// its <see cref="Words"/>; an allocation the <see cref="StaffMember"/> (null: nobody).
/// </summary>
public sealed record JourneyEvent(
    JourneyEventType Type, DateTimeOffset OccurredAt, string? Choice = null, DateTimeOffset? When = null,
    string? Person = null, string? Reason = null, string? FirstName = null, DateOnly? DateOfBirth = null,
    string? Words = null, string? StaffMember = null)
{
    /// <summary>Whether the event's choice is this decision.</summary>
    public bool Is<T>(T decision)
        where T : struct, Enum => Choice == decision.ToString();

    /// <summary>The event's choice as the decision it names (the field's choices are the enum's names, checked on the way in).</summary>
    public T ChoiceOf<T>()
        where T : struct, Enum => Enum.Parse<T>(Choice!);

    /// <summary>The event's own fields as history keeps them: only what the event defines, never whatever else a caller sent.</summary>
    public JsonElement? Data(Journey journey)
    {
        if (Transitions.FieldOf(Type) is not { } field)
        {
            return null;
        }

        var data = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [field.Name] = field.Kind switch
            {
                EventFieldKind.Time => When!.Value.ToString("O", CultureInfo.InvariantCulture),
                EventFieldKind.Text => Words,
                EventFieldKind.StaffMember => StaffMember,
                _ => Choice,
            },
        };
        switch (Type)
        {
            case JourneyEventType.CheckCompleted or JourneyEventType.CheckNotApplicable:
                data["person"] = Person ?? Household.Applicant;
                if (Reason is not null)
                {
                    data["reason"] = Reason;
                }

                break;
            case JourneyEventType.HouseholdMemberAdded:
                data["person"] = journey.Household[^1].Id;
                data["firstName"] = FirstName!;
                data["dateOfBirth"] = DateOfBirth!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
        }

        return JsonSerializer.SerializeToElement(data);
    }
}
