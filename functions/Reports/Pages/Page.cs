using System.Globalization;
using System.Net;
using System.Text;

namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// One server-rendered page on the GOV.UK Design System (govuk-frontend's CSS, fonts and images, served by the app): every
/// value HTML-encoded, no script, tables with captions and header cells.
/// </summary>
public sealed class Page
{
    private readonly StringBuilder _body = new();

    /// <summary>The navigation: each report's page.</summary>
    public static readonly IReadOnlyList<(string Path, string Name)> Sections =
    [
        ("/work", "Work list"), ("/dashboard", "Dashboard"), ("/reports/sla", "Service levels"), ("/reports/funnel", "Funnel"), ("/reports/time-in-stage", "Time in stage"),
        ("/reports/kpis", "Targets"), ("/reports/ofsted", "Ofsted figures"),
    ];

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string N(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-GB"));

    public static string N(double? value, string format = "0.##") => value is { } v ? v.ToString(format, CultureInfo.GetCultureInfo("en-GB")) : "–";

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.GetCultureInfo("en-GB")) + "%" : "–";

    /// <summary>An instant as the council it belongs to reads it, in its own time zone.</summary>
    public static string Time(DateTimeOffset? at, TimeZoneInfo zone) => at is { } t
        ? TimeZoneInfo.ConvertTime(t, zone).ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"))
        : "–";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public Page Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    public Page Heading(int level, string text, string size = "l") =>
        Raw(string.Create(CultureInfo.InvariantCulture, $"<h{level} class=\"govuk-heading-{size}\">{E(text)}</h{level}>"));

    public Page Paragraph(string text, string size = "") =>
        Raw($"<p class=\"govuk-body{(size.Length > 0 ? "-" + size : "")}\">{E(text)}</p>");

    public Page Link(string href, string text, string? context = null) =>
        Raw($"<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{E(href)}\">{E(text)}{(context is null ? "" : $"<span class=\"govuk-visually-hidden\"> {E(context)}</span>")}</a></p>");

    /// <summary>
    /// A table: a caption, column headers, and rows whose first cell is a row header. Cells are text, or
    /// <see cref="Cell"/> for a link or a tag (already encoded).
    /// </summary>
    public Page Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlySet<int>? numeric = null)
    {
        var html = new StringBuilder("<div class=\"fw-table-wrap\"><table class=\"govuk-table\">");
        html.Append(CultureInfo.InvariantCulture, $"<caption class=\"govuk-table__caption govuk-table__caption--m\">{E(caption)}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
        for (var i = 0; i < headers.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\" class=\"govuk-table__header{(numeric?.Contains(i) == true ? " govuk-table__header--numeric" : "")}\">{E(headers[i])}</th>");
        }

        html.Append("</tr></thead><tbody class=\"govuk-table__body\">");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            html.Append("<tr class=\"govuk-table__row\">");
            for (var i = 0; i < row.Count; i++)
            {
                var content = row[i] is Cell cell ? cell.Html : E(row[i]?.ToString());
                var numberClass = numeric?.Contains(i) == true ? " govuk-table__cell--numeric" : "";
                html.Append(i == 0
                    ? $"<th scope=\"row\" class=\"govuk-table__header\">{content}</th>"
                    : $"<td class=\"govuk-table__cell{numberClass}\">{content}</td>");
            }

            html.Append("</tr>");
        }

        if (!any)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"{headers.Count}\">None in this period.</td></tr>");
        }

        html.Append("</tbody></table></div>");
        return Raw(html.ToString());
    }

    /// <summary>The whole page, with the layout around the body.</summary>
    public string Render(string title, string? active, string? signedInAs, string? antiforgeryField)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en-GB\" class=\"govuk-template\"><head><meta charset=\"utf-8\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(title)} – Fostering recruitment</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\"><meta name=\"theme-color\" content=\"#0b0c0c\">")
            .Append("<link rel=\"icon\" sizes=\"48x48\" href=\"/assets/images/favicon.ico\"><link rel=\"stylesheet\" href=\"/assets/site.css\">")
            .Append("</head><body class=\"govuk-template__body\"><a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>")
            .Append("<header class=\"govuk-header\"><div class=\"govuk-header__container govuk-width-container\"><div class=\"govuk-header__logo\">")
            // govuk-frontend 6's header classes, without the GOV.UK logotype (a council's service is not GOV.UK).
            .Append("<a href=\"/work\" class=\"govuk-header__homepage-link\"><span class=\"govuk-header__product-name\">Fostering recruitment</span></a></div></div></header>");
        if (signedInAs is not null)
        {
            html.Append("<nav class=\"govuk-service-navigation\" aria-label=\"Reports\"><div class=\"govuk-width-container\"><ul class=\"govuk-service-navigation__list\">");
            foreach (var (path, name) in Sections)
            {
                var current = path == active;
                html.Append(CultureInfo.InvariantCulture, $"<li class=\"govuk-service-navigation__item{(current ? " govuk-service-navigation__item--active" : "")}\"><a class=\"govuk-service-navigation__link\" href=\"{path}\"{(current ? " aria-current=\"page\"" : "")}>{E(name)}</a></li>");
            }

            html.Append("</ul></div></nav>");
        }

        html.Append("<div class=\"govuk-width-container\"><main class=\"govuk-main-wrapper\" id=\"main-content\">")
            .Append(_body)
            .Append("</main></div><footer class=\"govuk-footer\"><div class=\"govuk-width-container\">");
        if (signedInAs is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/sign-out\" class=\"govuk-!-margin-bottom-4\">{antiforgeryField}<p class=\"govuk-body-s\">Signed in as {E(signedInAs)}.</p><button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Sign out</button></form>");
        }

        html.Append("<p class=\"govuk-body-s\">Figures are kept by the workflow engine as each journey moves, by each council's local dates.</p>")
            .Append("</div></footer></body></html>");
        return html.ToString();
    }
}
