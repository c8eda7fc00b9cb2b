using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Planning
{
    /// <summary>
    /// Everything the deferred actions need, decided before anything on the machine changes:
    /// which files get which thumbprints, which accounts get read access to which key files,
    /// which services may be restarted, and where this run keeps its backups and journal.
    /// It travels from the immediate to the deferred actions as CustomActionData
    /// (<see cref="Serialize"/> and <see cref="Parse"/>).
    /// </summary>
    public sealed class DeploymentPlan
    {
        private const string FormatTag = "CertDeployPlan";
        private const string FormatVersion = "1";

        /// <summary>Creates a plan.</summary>
        /// <param name="runId">Identifies this run; see <see cref="RunIds"/>.</param>
        /// <param name="backupFolder">This run's folder for backups and the journal; its name is the run id.</param>
        /// <param name="signingThumbprint">The chosen signing certificate (40 upper-case hex digits).</param>
        /// <param name="encryptionThumbprint">The chosen encryption certificate.</param>
        /// <param name="fileChanges">The files to update.</param>
        /// <param name="keyGrants">The key file accesses to grant.</param>
        /// <param name="restarts">The services that are restarted when running and changed.</param>
        /// <param name="restartEnabled">False when the administrator asked for no restart.</param>
        /// <param name="serviceTimeout">How long to wait for a service to stop, and again to start.</param>
        /// <param name="settleTime">How long a started service must stay running to count as started.</param>
        /// <param name="warnings">Warnings found while planning, repeated in the log of the deferred actions.</param>
        public DeploymentPlan(string runId, string backupFolder, string signingThumbprint,
            string encryptionThumbprint, IReadOnlyList<FileChange> fileChanges,
            IReadOnlyList<KeyGrant> keyGrants, IReadOnlyList<ServiceRestart> restarts,
            bool restartEnabled, TimeSpan serviceTimeout, TimeSpan settleTime,
            IReadOnlyList<string> warnings)
        {
            RunId = runId ?? throw new ArgumentNullException(nameof(runId));
            BackupFolder = backupFolder ?? throw new ArgumentNullException(nameof(backupFolder));
            SigningThumbprint = signingThumbprint ?? throw new ArgumentNullException(nameof(signingThumbprint));
            EncryptionThumbprint = encryptionThumbprint
                ?? throw new ArgumentNullException(nameof(encryptionThumbprint));
            FileChanges = (fileChanges ?? throw new ArgumentNullException(nameof(fileChanges))).ToList();
            KeyGrants = (keyGrants ?? throw new ArgumentNullException(nameof(keyGrants))).ToList();
            Restarts = (restarts ?? throw new ArgumentNullException(nameof(restarts))).ToList();
            RestartEnabled = restartEnabled;
            ServiceTimeout = serviceTimeout;
            SettleTime = settleTime;
            Warnings = (warnings ?? throw new ArgumentNullException(nameof(warnings))).ToList();
        }

        /// <summary>Identifies this run; also the name of its backup folder.</summary>
        public string RunId { get; }

        /// <summary>This run's folder for file backups, saved descriptors and the journal.</summary>
        public string BackupFolder { get; }

        /// <summary>The signing certificate's thumbprint.</summary>
        public string SigningThumbprint { get; }

        /// <summary>The encryption certificate's thumbprint.</summary>
        public string EncryptionThumbprint { get; }

        /// <summary>The files to update, in order.</summary>
        public IReadOnlyList<FileChange> FileChanges { get; }

        /// <summary>The read accesses to grant, one per key file and service.</summary>
        public IReadOnlyList<KeyGrant> KeyGrants { get; }

        /// <summary>The services that are restarted if they run and their files or key access changed.</summary>
        public IReadOnlyList<ServiceRestart> Restarts { get; }

        /// <summary>False when the administrator asked not to restart services.</summary>
        public bool RestartEnabled { get; }

        /// <summary>How long to wait for a service to stop, and again to start.</summary>
        public TimeSpan ServiceTimeout { get; }

        /// <summary>How long a started service must stay running before it counts as started.</summary>
        public TimeSpan SettleTime { get; }

        /// <summary>Warnings from planning, repeated in the log when the changes are made.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>
        /// The plan as one line of plain ASCII that <see cref="Parse"/> turns back into an equal
        /// plan. It holds no ';', '=', '[', ']', '{', '}', quotes or line breaks, so it survives
        /// CustomActionData and being copied through a property.
        /// </summary>
        public string Serialize()
        {
            var records = new List<string>
            {
                FieldCodec.Join(new[] { FormatTag, FormatVersion }),
                FieldCodec.Join(new[] { "RunId", RunId }),
                FieldCodec.Join(new[] { "Backup", BackupFolder }),
                FieldCodec.Join(new[] { "Signing", SigningThumbprint }),
                FieldCodec.Join(new[] { "Encryption", EncryptionThumbprint }),
                FieldCodec.Join(new[] { "Restart", RestartEnabled ? "1" : "0" }),
                FieldCodec.Join(new[] { "Timeout", Ticks(ServiceTimeout) }),
                FieldCodec.Join(new[] { "Settle", Ticks(SettleTime) }),
            };

            records.AddRange(FileChanges.Select(f => FieldCodec.Join(new[]
            {
                "File", f.Path, f.Owner, f.OldSigning, f.NewSigning, f.OldEncryption, f.NewEncryption,
            })));
            records.AddRange(KeyGrants.Select(g => FieldCodec.Join(new[]
            {
                "Grant", g.KeyFilePath, g.Thumbprint, g.ServiceName, g.AccountName, g.Sid,
            })));
            records.AddRange(Restarts.Select(r =>
                FieldCodec.Join(new[] { "Service", r.ServiceName }.Concat(r.DependsOn))));
            records.AddRange(Warnings.Select(w => FieldCodec.Join(new[] { "Warning", w })));

            return string.Join(FieldCodec.RecordSeparator.ToString(), records);
        }

        /// <summary>Reads a plan made by <see cref="Serialize"/>.</summary>
        /// <exception cref="CertDeployException">The text is not a complete, well-formed plan.</exception>
        public static DeploymentPlan Parse(string data)
        {
            if (string.IsNullOrEmpty(data))
            {
                throw Malformed("it is empty (the CustomActionData of this action was not set)");
            }

            var reader = new PlanReader();
            var records = data.Split(FieldCodec.RecordSeparator);

            for (var i = 0; i < records.Length; i++)
            {
                if (!FieldCodec.TrySplit(records[i], out var fields, out var error))
                {
                    throw Malformed($"record {i + 1}: {error}");
                }

                if (i == 0)
                {
                    reader.CheckHeader(fields);
                }
                else
                {
                    reader.Read(i + 1, fields);
                }
            }

            return reader.ToPlan();
        }

        /// <summary>
        /// A readable account of the plan for the log: every file with its old and new values,
        /// every key access with certificate, account and SID, every restart.
        /// </summary>
        public string Summary()
        {
            var text = new StringBuilder();
            text.AppendLine($"Deployment plan {RunId}");
            text.AppendLine($"  Signing certificate:    {SigningThumbprint}");
            text.AppendLine($"  Encryption certificate: {EncryptionThumbprint}");
            text.AppendLine($"  Backups and journal:    {BackupFolder}");

            text.AppendLine($"  Files to update ({FileChanges.Count}):");
            foreach (var file in FileChanges)
            {
                text.AppendLine($"    {file.Path} (service {file.Owner})");
                text.AppendLine($"      SigningThumbprint:    {Change(file.OldSigning, file.NewSigning)}");
                text.AppendLine($"      EncryptionThumbprint: {Change(file.OldEncryption, file.NewEncryption)}");
            }

            text.AppendLine($"  Private key read access ({KeyGrants.Count}):");
            foreach (var grant in KeyGrants)
            {
                text.AppendLine($"    {grant.KeyFilePath} ({Role(grant.Thumbprint)} certificate "
                    + $"{grant.Thumbprint}) -> {grant.AccountName} ({grant.Sid}), service {grant.ServiceName}");
            }

            var seconds = ServiceTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            var settle = SettleTime.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            text.AppendLine(RestartEnabled
                ? $"  Services restarted if running and changed ({Restarts.Count}; "
                    + $"timeout {seconds} s, must stay running {settle} s):"
                : $"  Services NOT restarted, restart is turned off ({Restarts.Count}); "
                    + "they use the new certificates from their next start:");
            foreach (var restart in Restarts)
            {
                text.AppendLine(restart.DependsOn.Count == 0
                    ? $"    {restart.ServiceName}"
                    : $"    {restart.ServiceName} (depends on {string.Join(", ", restart.DependsOn)})");
            }

            if (Warnings.Count > 0)
            {
                text.AppendLine($"  Warnings ({Warnings.Count}):");
                foreach (var warning in Warnings)
                {
                    text.AppendLine($"    {warning}");
                }
            }

            return text.ToString().TrimEnd();
        }

        private string Role(string thumbprint)
        {
            var signing = string.Equals(thumbprint, SigningThumbprint, StringComparison.OrdinalIgnoreCase);
            var encryption = string.Equals(thumbprint, EncryptionThumbprint, StringComparison.OrdinalIgnoreCase);
            return signing && encryption ? "signing and encryption"
                : signing ? "signing"
                : encryption ? "encryption"
                : "other";
        }

        private static string Change(string? oldValue, string newValue) =>
            string.Equals(oldValue, newValue, StringComparison.Ordinal)
                ? $"{newValue} (unchanged)"
                : $"{oldValue ?? "(not set)"} -> {newValue}";

        private static string Ticks(TimeSpan value) => value.Ticks.ToString(CultureInfo.InvariantCulture);

        private static CertDeployException Malformed(string detail) =>
            new CertDeployException(
                $"The deployment plan handed to this installer action is malformed: {detail}. "
                + "Nothing was changed by this action. Run the installation again so that the "
                + "plan is made anew; if this happens again, keep the verbose log (/l*v) for support.");

        private sealed class PlanReader
        {
            private readonly Dictionary<string, string> _single = new Dictionary<string, string>();
            private readonly List<FileChange> _files = new List<FileChange>();
            private readonly List<KeyGrant> _grants = new List<KeyGrant>();
            private readonly List<ServiceRestart> _restarts = new List<ServiceRestart>();
            private readonly List<string> _warnings = new List<string>();

            public void CheckHeader(List<string?> fields)
            {
                if (fields.Count != 2 || fields[0] != FormatTag)
                {
                    throw Malformed($"it does not start with \"{FormatTag}\"");
                }

                if (fields[1] != FormatVersion)
                {
                    throw Malformed($"it has format version \"{fields[1]}\", this installer reads version "
                        + $"{FormatVersion} (the plan was made by another CertDeploy version)");
                }
            }

            public void Read(int number, List<string?> fields)
            {
                var kind = fields[0] ?? "";

                switch (kind)
                {
                    case "RunId":
                    case "Backup":
                    case "Signing":
                    case "Encryption":
                    case "Restart":
                    case "Timeout":
                    case "Settle":
                        Expect(number, kind, fields, 2);
                        if (_single.ContainsKey(kind))
                        {
                            throw Malformed($"record {number}: \"{kind}\" appears twice");
                        }

                        _single[kind] = Required(number, kind, fields, 1);
                        break;
                    case "File":
                        Expect(number, kind, fields, 7);
                        _files.Add(new FileChange(Required(number, kind, fields, 1),
                            Required(number, kind, fields, 2), fields[3], Required(number, kind, fields, 4),
                            fields[5], Required(number, kind, fields, 6)));
                        break;
                    case "Grant":
                        Expect(number, kind, fields, 6);
                        _grants.Add(new KeyGrant(Required(number, kind, fields, 1),
                            Required(number, kind, fields, 2), Required(number, kind, fields, 3),
                            Required(number, kind, fields, 4), Required(number, kind, fields, 5)));
                        break;
                    case "Service":
                        if (fields.Count < 2)
                        {
                            throw Malformed($"record {number} (\"Service\") has no service name");
                        }

                        _restarts.Add(new ServiceRestart(Required(number, kind, fields, 1),
                            Enumerable.Range(2, fields.Count - 2).Select(i => Required(number, kind, fields, i))
                                .ToList()));
                        break;
                    case "Warning":
                        Expect(number, kind, fields, 2);
                        _warnings.Add(Required(number, kind, fields, 1));
                        break;
                    default:
                        throw Malformed($"record {number} has the unknown kind \"{kind}\"");
                }
            }

            public DeploymentPlan ToPlan()
            {
                var missing = new[] { "RunId", "Backup", "Signing", "Encryption", "Restart", "Timeout", "Settle" }
                    .Where(k => !_single.ContainsKey(k))
                    .ToList();
                if (missing.Count > 0)
                {
                    throw Malformed($"it lacks {string.Join(", ", missing)}");
                }

                var restart = _single["Restart"] switch
                {
                    "1" => true,
                    "0" => false,
                    var other => throw Malformed($"Restart is \"{other}\", expected 1 or 0"),
                };

                return new DeploymentPlan(_single["RunId"], _single["Backup"], _single["Signing"],
                    _single["Encryption"], _files, _grants, _restarts, restart,
                    Duration("Timeout"), Duration("Settle"), _warnings);
            }

            private TimeSpan Duration(string kind)
            {
                var text = _single[kind];
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    throw Malformed($"{kind} is \"{text}\", expected a whole number of 100-nanosecond ticks");
                }

                return TimeSpan.FromTicks(ticks);
            }

            private static void Expect(int number, string kind, List<string?> fields, int count)
            {
                if (fields.Count != count)
                {
                    throw Malformed($"record {number} (\"{kind}\") has {fields.Count} fields, expected {count}");
                }
            }

            private static string Required(int number, string kind, List<string?> fields, int index) =>
                fields[index] ?? throw Malformed($"record {number} (\"{kind}\") has no value in field {index + 1}");
        }
    }
}
