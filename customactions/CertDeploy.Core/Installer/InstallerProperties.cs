using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Installer
{
    /// <summary>
    /// The Windows Installer properties of a run, read through a getter so that the core never
    /// sees the installer session. Each accessor checks its value and reports a bad one as an
    /// error finding naming the property and the value; passwords are never part of a message.
    /// </summary>
    public sealed class InstallerProperties
    {
        /// <summary>Seconds to wait for a service to stop, and again to start, when not set.</summary>
        public const int DefaultServiceTimeoutSeconds = 60;

        /// <summary>
        /// Days before expiry from which a chosen certificate is warned about, when not set.
        /// </summary>
        public const int DefaultExpiryWarningDays = 30;

        private readonly Func<string, string?> _get;

        /// <summary>Creates the view over a property getter (an unset property is null or empty).</summary>
        public InstallerProperties(Func<string, string?> get)
        {
            _get = get;
        }

        /// <summary>
        /// A property's value with surrounding white space removed; null when unset or blank.
        /// </summary>
        public string? this[string name]
        {
            get
            {
                var value = _get(name)?.Trim();
                return string.IsNullOrEmpty(value) ? null : value;
            }
        }

        /// <summary>The raw value, untrimmed, for values where every character counts (passwords).</summary>
        public string? Raw(string name)
        {
            var value = _get(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>The service stop/start timeout.</summary>
        public TimeSpan ServiceTimeout(ICollection<Finding> findings) =>
            TimeSpan.FromSeconds(PositiveNumber(
                PropertyNames.ServiceTimeoutSeconds, DefaultServiceTimeoutSeconds, 1, 3600, findings));

        /// <summary>The number of days before expiry that gives a warning.</summary>
        public int ExpiryWarningDays(ICollection<Finding> findings) =>
            PositiveNumber(PropertyNames.ExpiryWarningDays, DefaultExpiryWarningDays, 0, 3650, findings);

        /// <summary>Whether services are restarted: unset or "1" yes, "0" no.</summary>
        public bool RestartEnabled(ICollection<Finding> findings)
        {
            var value = this[PropertyNames.Restart];
            if (value == null || value == "1")
            {
                return true;
            }

            if (value == "0")
            {
                return false;
            }

            findings.Add(Finding.Error("BadProperty",
                $"{PropertyNames.Restart}=\"{VisibleText.Render(value)}\" is not valid: use 1 to "
                + "restart the services (the default) or 0 to leave them running with the old "
                + "certificates until restarted."));
            return true;
        }

        /// <summary>The PKCS#12 files to import, in order.</summary>
        public IReadOnlyList<string> Pkcs12Files() =>
            (this[PropertyNames.Pkcs12Files] ?? "")
                .Split(';')
                .Select(f => f.Trim().Trim('"').Trim())
                .Where(f => f.Length > 0)
                .ToList();

        private int PositiveNumber(string name, int defaultValue, int min, int max, ICollection<Finding> findings)
        {
            var value = this[name];
            if (value == null)
            {
                return defaultValue;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number >= min && number <= max)
            {
                return number;
            }

            findings.Add(Finding.Error("BadProperty",
                $"{name}=\"{VisibleText.Render(value)}\" is not valid: give a whole number from "
                + $"{min} to {max}."));
            return defaultValue;
        }
    }
}
