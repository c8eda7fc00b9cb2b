using System;
using System.Globalization;

namespace CertDeploy.Core.Planning
{
    /// <summary>
    /// Run identifiers: the start time in UTC and a random part, such as
    /// "20261204T120000Z-3f2a9c1b". A backup folder is named after its run, so that a later run
    /// can tell how old a left-over backup folder is without trusting file times.
    /// </summary>
    public static class RunIds
    {
        private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

        /// <summary>A new run id for a run starting at <paramref name="now"/>.</summary>
        public static string Create(DateTimeOffset now) =>
            now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "-"
            + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>The start time of a run id made by <see cref="Create"/>; false for any other name.</summary>
        public static bool TryGetStart(string runId, out DateTimeOffset start)
        {
            start = default;
            if (runId.Length != 25 || runId[16] != '-')
            {
                return false;
            }

            if (!DateTime.TryParseExact(runId.Substring(0, 16), TimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                return false;
            }

            foreach (var c in runId.Substring(17))
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            start = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
            return true;
        }
    }
}
