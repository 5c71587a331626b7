using FosteringWorkflows.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace FosteringWorkflows.Pages;

/// <summary>
/// What the layout needs of every page: its title, which section of the menu it is in, who is signed in (and whether they
/// may see the reports), and the antiforgery token the page's forms (sign-out included) carry.
/// </summary>
public sealed record PageFrame(string Title, string? Section, string? SignedInAs, bool SeesReports, string TokenField, string Token)
{
    public const string WorkPath = "/work";

    /// <summary>The frame for a page about to be shown to this request (issuing its antiforgery token).</summary>
    public static PageFrame For(HttpContext http, string title, string? section = null)
    {
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new PageFrame(title, section, signedIn ? StaffSignIn.DisplayName(http.User) : null,
            http.User.IsInRole(nameof(StaffRole.Manager)) || http.User.IsInRole(nameof(StaffRole.Admin)),
            tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    /// <summary>The menu for signed-in staff: the work list for everyone, the reports for managers.</summary>
    public IReadOnlyList<(string Path, string Name)> Menu =>
        SeesReports
            ? [(WorkPath, "Work list"), ("/dashboard", "Dashboard"), ("/reports/sla", "Service levels"), ("/reports/funnel", "Funnel"),
               ("/reports/time-in-stage", "Time in stage"), ("/reports/kpis", "Targets"), ("/reports/ofsted", "Ofsted figures")]
            : [(WorkPath, "Work list")];
}
