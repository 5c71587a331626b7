using System.Globalization;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Pages;

namespace FosteringWorkflows.Journeys.Pages;

/// <summary>
/// A step's form as sent, read into the event's data as the API takes it (a date and time in the council's zone becomes
/// a date-time with its offset), with what the person typed kept to show again, and what could not be read at all.
/// Everything else (required fields, choices, lengths, dates in range) is the engine's to check, the same as for the API.
/// </summary>
public sealed record StepSubmission(Dictionary<string, object?> Data, Dictionary<string, string> Values, List<FieldError> Errors)
{
    public static StepSubmission Read(IFormCollection form, StepForm step, WorkingCalendar calendar)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        string Get(string name)
        {
            var value = form[name].ToString();
            values[name] = value;
            return value.Trim();
        }

        foreach (var field in step.Fields)
        {
            if (field.Kind is FormFieldKind.Date or FormFieldKind.DateAndTime)
            {
                var (day, month, year) = (Get($"{field.Name}-day"), Get($"{field.Name}-month"), Get($"{field.Name}-year"));
                var time = field.Kind == FormFieldKind.DateAndTime ? Get($"{field.Name}-time") : "";
                if (day.Length + month.Length + year.Length + time.Length == 0)
                {
                    if (!field.Optional)
                    {
                        errors.Add(new FieldError(field.Anchor, field.WhenEmpty));
                    }

                    continue;
                }

                if (!ThreeFieldDate.TryRead(day, month, year, out var date))
                {
                    errors.Add(new FieldError(field.Anchor, $"{field.Label} must be a real date, such as 27 3 2027"));
                    continue;
                }

                if (field.Kind == FormFieldKind.Date)
                {
                    data[field.Name] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    continue;
                }

                if (!TimeOnly.TryParseExact(time, ["H:mm", "HH:mm", "H.mm", "HH.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                {
                    errors.Add(new FieldError(field.Anchor, $"{field.Label} must include a time on the 24-hour clock, such as 14:30"));
                    continue;
                }

                data[field.Name] = calendar.AtLocal(date, at).ToString("O", CultureInfo.InvariantCulture);
                continue;
            }

            var text = Get(field.Name);
            if (text.Length == 0)
            {
                if (!field.Optional)
                {
                    errors.Add(new FieldError(field.Anchor, field.WhenEmpty));
                }

                continue;
            }

            // A note keeps its line breaks as typed; the engine trims its ends.
            data[field.Name] = field.Kind == FormFieldKind.TextArea ? values[field.Name] : text;
        }

        return new StepSubmission(data, values, errors);
    }
}
