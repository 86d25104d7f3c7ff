using DicomAiNode.Ingest;
using DicomAiNode.Outbox;
using DicomAiNode.Processing;

using DicomAiNode.Configuration;
using DicomAiNode.Vision.Model;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Hosting;

/// <summary>Registers the node's workflow on top of <see cref="DicomAiNodeServiceCollectionExtensions.AddDicomAiNode"/>: ingest, pipeline, delivery.</summary>
public static class NodeWorkflowServiceCollectionExtensions
{
    /// <summary>Everything <c>dicom-ai-node run</c> runs besides the base services.</summary>
    public static IServiceCollection AddNodeWorkflow(this IServiceCollection services) =>
        services.AddIngest().AddPipeline().AddOutboxDelivery<DicomResultSender>();

    /// <summary>
    /// Ready studies → rules → <see cref="ISeriesAnalyzer"/> → SEG/SR → outbox. A test may register its own analyzer
    /// before calling this.
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var inference = sp.GetRequiredService<IOptions<NodeOptions>>().Value.Inference;
            return new YoloeModelLoader(new Vision.Model.InferenceOptions { UseCuda = inference.UseCuda, IntraOpThreads = inference.IntraOpThreads, AllowSpinning = inference.AllowSpinning },
                sp.GetRequiredService<ILogger<YoloeModelLoader>>());
        });
        services.TryAddSingleton<YoloeModelRegistry>();
        services.TryAddSingleton<YoloeSeriesAnalyzer>();
        services.TryAddSingleton<SpeculativeAnalysis>();
        services.AddHostedService(sp => sp.GetRequiredService<SpeculativeAnalysis>());
        services.TryAddSingleton<ISeriesAnalyzer, SpeculativeSeriesAnalyzer>();
        services.TryAddSingleton<StudyProcessor>();
        services.AddHostedService<PipelineWorker>();
        services.AddHostedService<ModelWarmUp>();
        return services;
    }

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
