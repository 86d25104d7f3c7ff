using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Outbox;
using DicomAiNode.Rules;
using DicomAiNode.Storage;
using DicomAiNode.Studies;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Hosting;

/// <summary>Registers the node's services. Ingest (the SCP) and the pipeline add themselves on top of these.</summary>
public static class DicomAiNodeServiceCollectionExtensions
{
    /// <summary>
    /// Options (validated at start), store, audit log, rules (reloaded on change), study stability, metrics, health
    /// probes and the health/metrics endpoint. Hosted services start in this order: start-up checks, rules watcher,
    /// stability worker, retention worker, endpoint.
    /// </summary>
    public static IServiceCollection AddDicomAiNode(this IServiceCollection services, IConfiguration configuration, string? configPath = null)
    {
        services.AddOptions<NodeOptions>()
            .Configure(o => NodeConfiguration.Configure(o, configuration, configPath))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PeerAuthorization>();
        services.TryAddSingleton<DiskSpaceGuard>();

        services.TryAddSingleton(sp => new NodeDatabase(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DatabasePath));
        services.TryAddSingleton<StudyRepository>();
        services.TryAddSingleton<JobRepository>();
        services.TryAddSingleton<OutboxRepository>();
        services.TryAddSingleton<RetentionRepository>();
        services.TryAddSingleton<SpoolFileGate>();
        services.TryAddSingleton<AuditLog>();

        services.TryAddSingleton<MetricRegistry>();
        services.TryAddSingleton<NodeMetrics>();
        services.TryAddSingleton<ComponentStatusBoard>();
        services.AddSingleton<IHealthProbe>(sp => new ComponentStatusProbe(ComponentStatusBoard.Scp, sp.GetRequiredService<ComponentStatusBoard>()));
        services.AddSingleton<IHealthProbe, DatabaseProbe>();
        services.AddSingleton<IHealthProbe, DiskSpaceProbe>();
        services.AddSingleton<IHealthProbe>(sp => new ComponentStatusProbe(ComponentStatusBoard.Model, sp.GetRequiredService<ComponentStatusBoard>()));
        services.AddSingleton<IHealthProbe, OutboxBacklogProbe>();

        services.TryAddSingleton<RuleSetProvider>();
        services.TryAddSingleton<ReadyStudySignal>();
        services.TryAddSingleton<StableStudyDetector>();
        services.TryAddSingleton<StudyRetention>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<ResultOutbox>();
        services.TryAddSingleton<IRandomSource, SharedRandomSource>();

        services.AddHostedService<NodeStartup>();
        services.AddHostedService<RulesFileWatcher>();
        services.AddHostedService<StableStudyWorker>();
        services.AddHostedService<RetentionWorker>();
        services.AddHostedService<StatusEndpoint>();
        return services;
    }

    /// <summary>Delivers the outbox through <typeparamref name="TSender"/> (the node's C-STORE SCU).</summary>
    public static IServiceCollection AddOutboxDelivery<TSender>(this IServiceCollection services) where TSender : class, IResultSender
    {
        services.TryAddSingleton<ResultAssociationPool>();
        services.TryAddSingleton<IResultSender, TSender>();
        services.TryAddSingleton<OutboxScheduler>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }
}
