namespace SmePlatform.OneStop.Application.Enterprises;

public static class EnterpriseUseCases
{
    /// <summary>The register's use cases, called by the REST endpoints and the gRPC directory alike.</summary>
    public static IServiceCollection AddEnterpriseUseCases(this IServiceCollection services) => services
        .AddSingleton<RegisterEnterpriseHandler>()
        .AddSingleton<UpdateEnterpriseHandler>()
        .AddSingleton<DeactivateEnterpriseHandler>()
        .AddSingleton<MergeEnterprisesHandler>()
        .AddSingleton<FindEnterpriseHandler>()
        .AddSingleton<SearchEnterprisesHandler>()
        .AddSingleton<EnterpriseHistoryHandler>();
}
