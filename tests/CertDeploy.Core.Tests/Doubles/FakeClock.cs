using System;
using System.Threading;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>A clock that moves only when the product sleeps or the test advances it.</summary>
public sealed class FakeClock(DateTimeOffset start) : IClock
{
    private long _ticks = start.UtcTicks;

    public FakeClock()
        : this(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset UtcNow => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Sleep(TimeSpan duration) => Advance(duration);

    public void Advance(TimeSpan duration) => Interlocked.Add(ref _ticks, duration.Ticks);
}
