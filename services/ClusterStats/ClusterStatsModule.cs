using SmePlatform.ClusterStats.Api;
using SmePlatform.ClusterStats.Application.Clusters;
using SmePlatform.ClusterStats.Application.Counts;
using SmePlatform.ClusterStats.Application.Delivery;
using SmePlatform.ClusterStats.Application.Disclosure;
using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Application.Projections;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Clients;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Grpc;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats;

/// <summary>The cluster statistics registry: its stores, use cases, clients and endpoints (Program.cs calls these two).</summary>
public static class ClusterStatsModule
{
    public static WebApplicationBuilder AddClusterStatsModule(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        DateOnlyHandler.Register();
        services.AddSingleton(TimeProvider.System);
        services.AddPlatformGrpcClient<EnterpriseDirectory.EnterpriseDirectoryClient>(EnterpriseDirectory.Descriptor,
            OneStopRegister.AddressKey, OneStopRegister.DefaultAddress);
        services.AddSingleton<OneStopRegister>();
        services.AddSingleton<FigureStore>();
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<GetEnterpriseCountsHandler>();
        services.AddSingleton<RebuildRegisteredEnterprisesHandler>();
        services.AddSingleton<TakeMonthlySnapshotHandler>();
        services.AddSingleton<DisclosureRulesStore>();
        services.AddSingleton<GetDisclosureRulesHandler>();
        services.AddSingleton<ChangeDisclosureRulesHandler>();
        services.AddSingleton<ListCellEnterprisesHandler>();
        services.AddSingleton<ClusterStore>();
        services.AddSingleton<ListClustersHandler>();
        services.AddSingleton<DefineClusterHandler>();
        services.AddSingleton<GetEnterpriseClustersHandler>();
        services.AddSingleton<SpecialisationStore>();
        services.AddSingleton<Specialisation>();
        services.AddSingleton<GetLocationQuotientsHandler>();
        services.AddSingleton<GetStrongClustersHandler>();
        services.AddSingleton<GetClusterFiguresHandler>();
        services.AddSingleton<GetGrowthHandler>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<GetProgrammeDeliveryHandler>();
        services.AddApiDocument(StatsApiDocument.Document);
        services.AddStatsQueryEnums();
        if (builder.Configuration.GetValue(MonthlySnapshotJob.AutomaticKey, true))
        {
            services.AddHostedService<MonthlySnapshotJob>();
        }
        return builder;
    }

    public static WebApplication MapClusterStatsModule(this WebApplication app)
    {
        app.MapStatisticsEndpoints();
        app.MapDisclosureEndpoints();
        app.MapClusterEndpoints();
        app.MapFigureEndpoints();
        app.MapDeliveryEndpoints();
        app.MapGrpcEndpoint().MapGrpcService<ClusterRegistryService>()
            .RequireAccess("other platform services (peer groups): an enterprise's clusters and its own role, never other members", Roles.Service);
        app.MapAuditTrail("/api/stats");
        app.MapApiDocument(StatsApiDocument.Document);
        return app;
    }
}
