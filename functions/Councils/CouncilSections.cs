namespace FosteringWorkflows.Councils;

public static class CouncilSections
{
    /// <summary>
    /// Binds one section of every council's settings (<c>Councils:{id}:{section}</c>) into a dictionary by council id, for
    /// the feature that section belongs to.
    /// </summary>
    public static void BindEach<T>(this IConfiguration configuration, string section, IDictionary<string, T> into)
        where T : new()
    {
        foreach (var council in configuration.GetSection(CouncilsOptions.Section).GetChildren())
        {
            var options = new T();
            council.GetSection(section).Bind(options);
            into[council.Key] = options;
        }
    }
}
