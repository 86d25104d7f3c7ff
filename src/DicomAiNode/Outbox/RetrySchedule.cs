using DicomAiNode.Configuration;

namespace DicomAiNode.Outbox;

/// <summary>
/// Exponential backoff with "equal jitter": after the n-th failed attempt the next one waits a random time between
/// half and all of min(max, initial · 2^(n−1)), so that many results failing together do not retry in lock-step.
/// </summary>
public sealed class RetrySchedule
{
    private readonly OutboxOptions _options;
    private readonly IRandomSource _random;

    public RetrySchedule(OutboxOptions options, IRandomSource random)
    {
        _options = options;
        _random = random;
    }

    /// <summary>The delay before the next attempt after <paramref name="failedAttempts"/> failures (≥ 1).</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        double exponent = Math.Min(Math.Max(failedAttempts, 1) - 1, 60);
        double ceiling = Math.Min(_options.MaxRetrySeconds, _options.InitialRetrySeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(ceiling * (0.5 + 0.5 * _random.NextDouble()));
    }

    /// <summary>Why to give up after <paramref name="failedAttempts"/> failures of a result created at <paramref name="createdAt"/>, or null to retry.</summary>
    public string? GiveUpReason(int failedAttempts, DateTimeOffset createdAt, DateTimeOffset now)
    {
        if (failedAttempts >= _options.MaxAttempts) return $"{failedAttempts} attempts failed (Outbox.MaxAttempts {_options.MaxAttempts})";
        var age = now - createdAt;
        if (age >= TimeSpan.FromHours(_options.MaxAgeHours))
            return $"undelivered for {age.TotalHours:0.#} h (Outbox.MaxAgeHours {_options.MaxAgeHours})";
        return null;
    }
}
