using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DicomAiNode.Vision.Model;

/// <summary>
/// Opens ONNX files as <see cref="YoloeModel"/>s: the CUDA execution provider when configured and loadable, else the
/// CPU provider, with one log line saying which and why.
/// </summary>
public sealed partial class YoloeModelLoader
{
    private readonly InferenceOptions _options;
    private readonly ILogger _logger;

    public YoloeModelLoader(InferenceOptions options, ILogger<YoloeModelLoader>? logger = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a model of the supported contract; the message names the file.</exception>
    public YoloeModel Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"model file not found: {fullPath}", fullPath);
        }

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(0, _options.IntraOpThreads),
            InterOpNumThreads = Math.Max(0, _options.InterOpThreads),
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", _options.AllowSpinning ? "1" : "0");
        string provider = "CPU";
        if (_options.UseCuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(_options.CudaDeviceId);
                provider = "CUDA";
                LogCuda(_logger, fullPath, _options.CudaDeviceId);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                LogCudaUnavailable(_logger, fullPath, ex.Message);
            }
        }
        else
        {
            LogCpu(_logger, fullPath);
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(fullPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{fullPath}: ONNX Runtime cannot load the model: {ex.Message}", ex);
        }

        try
        {
            var model = new YoloeModel(session, fullPath, provider);
            string batch = model.FixedBatch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "dynamic";
            string vocabulary = model.AcceptsClassEmbeddings ? "class embeddings" : model.Names.Count + " classes";
            LogLoaded(_logger, fullPath, model.Layout, model.InputHeight, model.InputWidth, batch, vocabulary,
                model.HalfPrecision ? "float16" : "float32");

            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Model {Path}: CUDA execution provider (requested and loaded, device {DeviceId})")]
    private static partial void LogCuda(ILogger logger, string path, int deviceId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Model {Path}: CPU execution provider (CUDA requested but not loadable: {Reason})")]
    private static partial void LogCudaUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Model {Path}: CPU execution provider (CUDA not requested)")]
    private static partial void LogCpu(ILogger logger, string path);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Model {Path}: {Layout} layout, input {Height}x{Width}, batch {Batch}, {Vocabulary}, {Precision} I/O")]
    private static partial void LogLoaded(ILogger logger, string path, YoloeOutputLayout layout, int height, int width,
        string batch, string vocabulary, string precision);
}
