using DicomAiNode.Ingest;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DicomAiNode.Hosting;

/// <summary>Registers the node's workflow on top of <see cref="DicomAiNodeServiceCollectionExtensions.AddDicomAiNode"/>: ingest, pipeline, delivery.</summary>
public static class NodeWorkflowServiceCollectionExtensions
{
    /// <summary>Everything <c>dicom-ai-node run</c> runs besides the base services.</summary>
    public static IServiceCollection AddNodeWorkflow(this IServiceCollection services) => services.AddIngest();

    /// <summary>The C-STORE SCP: admission by peers and disk watermark, durable spool, index, audit.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.TryAddSingleton<NodeAssociationPolicy>();
        services.TryAddSingleton<ReceptionTally>();
        services.TryAddSingleton<NodeCStoreHandler>();
        services.TryAddSingleton<DicomListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DicomListenerService>());
        return services;
    }
}
