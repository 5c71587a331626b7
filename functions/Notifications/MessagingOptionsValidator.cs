using System.Globalization;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Notifications;

/// <summary>Refuses to start with a council whose messaging cannot work (<c>Councils:{id}:Messaging</c>), naming the setting.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<CouncilMessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, CouncilMessagingOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, messaging) in options.Items)
        {
            var prefix = $"Councils:{id}";
            if (!TimeOnly.TryParse(messaging.QuietHoursStart, CultureInfo.InvariantCulture, out _) || !TimeOnly.TryParse(messaging.QuietHoursEnd, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{prefix}:Messaging:QuietHoursStart/QuietHoursEnd must be times such as 21:00 and 08:00.");
            }

            if (messaging.Sms is not (ProviderKind.Dev or ProviderKind.Notify or ProviderKind.Acs)
                || messaging.Email is not (ProviderKind.Dev or ProviderKind.Notify or ProviderKind.SendGrid))
            {
                failures.Add($"{prefix}:Messaging: texts go by Dev, Notify or Acs; emails by Dev, Notify or SendGrid.");
            }

            if ((messaging.Sms == ProviderKind.Notify || messaging.Email == ProviderKind.Notify) && !messaging.Notify.IsConfigured)
            {
                failures.Add($"{prefix}:Messaging:Notify:ApiKey is required to send through GOV.UK Notify.");
            }

            if (messaging.Sms == ProviderKind.Notify && messaging.Notify.SmsTemplateId is null)
            {
                failures.Add($"{prefix}:Messaging:Notify:SmsTemplateId is required (a Notify text template whose content is ((body))).");
            }

            if (messaging.Email == ProviderKind.Notify && messaging.Notify.EmailTemplateId is null)
            {
                failures.Add($"{prefix}:Messaging:Notify:EmailTemplateId is required (a Notify email template: subject ((subject)), content ((body))).");
            }

            if (messaging.Sms == ProviderKind.Acs && (!messaging.Acs.IsConfigured || string.IsNullOrWhiteSpace(messaging.Acs.From)))
            {
                failures.Add($"{prefix}:Messaging:Acs: Endpoint, AccessKey and From are required to send texts through Azure Communication Services.");
            }

            if (messaging.Email == ProviderKind.SendGrid && (!messaging.SendGrid.IsConfigured || string.IsNullOrWhiteSpace(messaging.SendGrid.FromEmail)))
            {
                failures.Add($"{prefix}:Messaging:SendGrid: ApiKey and FromEmail are required to send email through SendGrid.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
