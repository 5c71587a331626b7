using Microsoft.Extensions.Options;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Reports.Pages;

namespace FosteringWorkflows.Reports;

public static class ReportServices
{
    /// <summary>
    /// The figures the engine folds as journeys change (<see cref="IFigureKeeper"/>), the reports read from them, and the
    /// per-caller limit on reading them (<see cref="ReportLimit"/>).
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<FigureStore>();
        services.AddSingleton<IFigureKeeper>(sp => sp.GetRequiredService<FigureStore>());
        services.AddSingleton<ReportService>();
        services.AddSingleton<MonthCloser>();
        services.AddHostedService(sp => sp.GetRequiredService<MonthCloser>());
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.AddReportLimit();
        return services;
    }

    /// <summary>The reports' API and the managers' pages.</summary>
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReports();
        app.MapReportPages();
        return app;
    }
}
