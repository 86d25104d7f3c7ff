using CsCheck;

using DicomAiNode.Configuration;
using DicomAiNode.Outbox;

namespace DicomAiNode.Tests.Outbox;

public class RetryScheduleTests
{
    private static readonly OutboxOptions Options = new() { InitialRetrySeconds = 5, MaxRetrySeconds = 600, MaxAttempts = 10, MaxAgeHours = 24 };

    [Theory]
    [InlineData(1, 0.0, 2.5)]
    [InlineData(1, 1.0, 5)]
    [InlineData(2, 0.0, 5)]
    [InlineData(4, 1.0, 40)]
    [InlineData(30, 1.0, 600)]
    public void Delay_doubles_per_failure_with_jitter_between_half_and_all_capped_at_max(int failures, double random, double expectedSeconds)
    {
        var schedule = new RetrySchedule(Options, new FixedRandom(random));
        Assert.Equal(expectedSeconds, schedule.DelayAfter(failures).TotalSeconds, 6);
    }

    [Fact]
    public void Delay_is_always_within_half_and_all_of_the_capped_exponential()
    {
        Gen.Select(Gen.Int[1, 10_000], Gen.Double[0, 0.999999]).Sample((failures, r) =>
        {
            var delay = new RetrySchedule(Options, new FixedRandom(r)).DelayAfter(failures).TotalSeconds;
            double ceiling = Math.Min(600, 5 * Math.Pow(2, Math.Min(failures - 1, 60)));
            return delay >= ceiling / 2 - 1e-9 && delay <= ceiling + 1e-9 && delay <= 600;
        });
    }

    [Fact]
    public void Gives_up_after_max_attempts_or_max_age()
    {
        var schedule = new RetrySchedule(Options, new FixedRandom(0));
        var created = DateTimeOffset.UnixEpoch;
        Assert.Null(schedule.GiveUpReason(9, created, created.AddHours(1)));
        Assert.Equal("10 attempts failed (Outbox.MaxAttempts 10)", schedule.GiveUpReason(10, created, created.AddHours(1)));
        Assert.Equal("undelivered for 24 h (Outbox.MaxAgeHours 24)", schedule.GiveUpReason(2, created, created.AddHours(24)));
    }
}
