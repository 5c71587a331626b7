using FosteringWorkflows.Journeys;
using FosteringWorkflows.Reports.Pages;

namespace FosteringWorkflows.Reports;

public static class ReportServices
{
    /// <summary>The figures the engine folds as journeys change (<see cref="IFigureKeeper"/>) and the reports read from them.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<FigureStore>();
        services.AddSingleton<IFigureKeeper>(sp => sp.GetRequiredService<FigureStore>());
        services.AddSingleton<ReportService>();
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
