using Microsoft.AspNetCore.Http.HttpResults;

namespace FosteringWorkflows.Pages;

/// <summary>Pages as results of minimal API endpoints: Razor components rendered on the server, HTML-encoded by default.</summary>
public static class PageResults
{
    /// <summary>A page, with its status code; pages about people are never kept by a browser or a proxy.</summary>
    public static RazorComponentResult Show<TComponent>(HttpContext http, object parameters, int status = StatusCodes.Status200OK)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<TComponent>(parameters) { StatusCode = status };
    }

    /// <summary>A page that says one thing (a refusal, a step that does not fit now), with a link onward.</summary>
    public static RazorComponentResult Message(HttpContext http, int status, string title, string heading, IReadOnlyList<string> paragraphs, string? linkHref = null, string? linkText = null) =>
        Show<Message>(http, new { Frame = PageFrame.For(http, title, PageFrame.WorkPath), Heading = heading, Paragraphs = paragraphs, LinkHref = linkHref, LinkText = linkText }, status);

    /// <summary>A form sent without the antiforgery token the page gave it: refused (400), nothing recorded.</summary>
    public static RazorComponentResult FormRefused(HttpContext http, string journeyId) =>
        Message(http, StatusCodes.Status400BadRequest, "Form not accepted", "This form could not be accepted",
            ["It was sent without the security token the service gave it, so nothing was recorded. Open the journey and try again."],
            $"/journeys/{Uri.EscapeDataString(journeyId)}", "Back to the journey");

    /// <summary>Signed in, but the account's groups give it no role: nothing on the staff pages is theirs to see (403).</summary>
    public static RazorComponentResult? NoRole(HttpContext http, string heading) =>
        !(http.User.IsInRole(nameof(Auth.StaffRole.Officer)) || http.User.IsInRole(nameof(Auth.StaffRole.Manager)) || http.User.IsInRole(nameof(Auth.StaffRole.Admin)))
            ? Message(http, StatusCodes.Status403Forbidden, "Not allowed", heading, ["Your account has no role in fostering recruitment. Ask your administrator if it should."])
            : null;

    /// <summary>The services every page needs (Razor components rendered on the server, no interactivity).</summary>
    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        return services;
    }
}
