using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Configuration;

namespace FosteringWorkflows.UnitTests.Policies;

/// <summary>Bad values for the statutory clocks' settings stop the service at start with a message naming the setting.</summary>
public sealed class PolicySettingsTests
{
    [Theory]
    [InlineData("Policy:RequiredChecks", "DBS,Horoscope", "Councils:hertfordshire:Policy:RequiredChecks")]
    [InlineData("Policy:RequiredChecks", ",", "Councils:hertfordshire:Policy:RequiredChecks")]
    [InlineData("Policy:Clocks:PanelPapers:Limit", "5 WorkingHours", "Councils:hertfordshire:Policy:Clocks:PanelPapers:Limit")]
    [InlineData("Policy:Clocks:Panel:Limit", "7.5 Months", "Councils:hertfordshire:Policy:Clocks:Panel:Limit")]
    [InlineData("Policy:Clocks:Panel:Limit", "0 Months", "Councils:hertfordshire:Policy:Clocks:Panel:Limit")]
    [InlineData("Policy:MemberChecks", "DBS,Astrology", "Councils:hertfordshire:Policy:MemberChecks")]
    [InlineData("Policy:CheckDue:Horoscope", "4 Weeks", "Councils:hertfordshire:Policy:CheckDue:Horoscope")]
    [InlineData("Policy:CheckDue:DBS", "soon", "Councils:hertfordshire:Policy:CheckDue:DBS")]
    [InlineData("Policy:CheckDue:DBS", "3 WorkingHours", "Councils:hertfordshire:Policy:CheckDue:DBS")]
    [InlineData("Policy:Retention:RefusedOrWithdrawn", "2 Years", "Councils:hertfordshire:Policy:Retention:RefusedOrWithdrawn")]
    [InlineData("Policy:Retention:RefusedOrWithdrawn", "35 Months", "Councils:hertfordshire:Policy:Retention:RefusedOrWithdrawn")]
    [InlineData("Policy:Retention:ApprovalEnded", "3650 Days", "Councils:hertfordshire:Policy:Retention:ApprovalEnded")]
    [InlineData("Policy:Retention:Enquiry", "10 WorkingDays", "Councils:hertfordshire:Policy:Retention:Enquiry")]
    [InlineData("Policy:Retention:Audit", "forever", "Councils:hertfordshire:Policy:Retention:Audit")]
    public void BadPolicySetting_Refused_NamingIt(string key, string value, string named)
    {
        var result = Validate(key, value);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Policy:RequiredChecks", "DBS,Medical")]
    [InlineData("Policy:Clocks:PanelPapers:Limit", "10 WorkingDays")]
    [InlineData("Policy:Clocks:Panel:Limit", "6 Months")]
    [InlineData("Policy:AgencyDecisionFromMinutes", "true")]
    [InlineData("Policy:MemberChecks", "DBS,LocalAuthority")]
    [InlineData("Policy:MemberChecks", "")]
    [InlineData("Policy:CheckDue:dbs", "20 WorkingDays")]
    [InlineData("Policy:Retention:RefusedOrWithdrawn", "36 Months")]
    [InlineData("Policy:Retention:ApprovalEnded", "15 Years")]
    [InlineData("Policy:Retention:Enquiry", "18 Months")]
    [InlineData("Policy:Retention:Audit", "6 Years")]
    public void GoodPolicySetting_Accepted(string key, string value) => Assert.False(Validate(key, value).Failed);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string key, string value)
    {
        var settings = HostSettings.ReadValues(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json"));
        settings[$"Councils:hertfordshire:{key}"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new CouncilPolicyOptions();
        configuration.BindEach(CouncilPolicyOptions.Section, options.Items);
        return new PolicyOptionsValidator().Validate(null, options);
    }
}
