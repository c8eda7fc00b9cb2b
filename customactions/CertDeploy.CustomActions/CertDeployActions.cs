using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Execution;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Thumbprints;
using CertDeploy.Windows;
using WixToolset.Dtf.WindowsInstaller;

namespace CertDeploy.CustomActions
{
    /// <summary>
    /// The DTF entry points, named like the CustomAction rows of CertDeploy.Deployment.wxs. Each
    /// reads its input, calls <see cref="Deployment"/> and maps the result; nothing else.
    /// </summary>
    public static class CertDeployActions
    {
        private const string SigningDetailsProperty = "CertDeploySigningDetails";
        private const string EncryptionDetailsProperty = "CertDeployEncryptionDetails";
        private const string FindingsProperty = "CertDeploySelectionFindings";
        private const string ValidProperty = "CertDeploySelectionValid";
        private const string OkTextProperty = "CertDeploySelectionOkText";
        private const string TargetsProperty = "CertDeployTargetsSummary";
        private const string RememberSigningProperty = "CertDeployRememberSigning";
        private const string RememberEncryptionProperty = "CertDeployRememberEncryption";

        /// <summary>Immediate: resolves, validates and plans; hands the plan to the deferred actions.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_Prepare(Session session) =>
            Run(session, nameof(CertDeploy_Prepare), (deployment, log) =>
            {
                var result = deployment.Prepare(Properties(session));

                LogFindings(log, result.Findings);
                log.Info("Plan: {Summary}", result.Plan.Summary());
                session[PropertyNames.Plan] = result.PlanData;

                // WriteRegistryValues comes later in the script: it remembers what was resolved,
                // also when the selection came from the services' configuration.
                session[RememberSigningProperty] = result.Plan.SigningThumbprint;
                session[RememberEncryptionProperty] = result.Plan.EncryptionThumbprint;
            });

        /// <summary>Rollback, scheduled first so that it runs last: restarts what Restart touched.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_RestartRollback(Session session) =>
            Run(session, nameof(CertDeploy_RestartRollback),
                (deployment, _) => deployment.RestartRollback(PlanData(session)));

        /// <summary>Rollback: restores each appsettings file from its backup.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_WriteRollback(Session session) =>
            Run(session, nameof(CertDeploy_WriteRollback),
                (deployment, _) => deployment.WriteRollback(PlanData(session)));

        /// <summary>Deferred: backs up, then writes the thumbprints.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_Write(Session session) =>
            Run(session, nameof(CertDeploy_Write),
                (deployment, _) => deployment.Write(PlanData(session)));

        /// <summary>Rollback: puts back each saved key security descriptor.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_GrantRollback(Session session) =>
            Run(session, nameof(CertDeploy_GrantRollback),
                (deployment, _) => deployment.GrantRollback(PlanData(session)));

        /// <summary>Deferred: grants each service account read access to each key.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_Grant(Session session) =>
            Run(session, nameof(CertDeploy_Grant),
                (deployment, _) => deployment.Grant(PlanData(session)));

        /// <summary>Deferred: restarts the services that were running, reporting each one.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_Restart(Session session) =>
            Run(session, nameof(CertDeploy_Restart),
                (deployment, _) => deployment.Restart(PlanData(session), text => Progress(session, text)));

        /// <summary>Commit: deletes the backups of this run; a failure is only a warning.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_Commit(Session session) =>
            Run(session, nameof(CertDeploy_Commit), (deployment, log) =>
            {
                try
                {
                    deployment.Commit(PlanData(session));
                }
                catch (CertDeployException failure)
                {
                    // Every change is made by now. A failed commit action would make Windows
                    // Installer start a rollback and report the installation as failed, with
                    // backups already partly deleted; the ones left are swept by a later run.
                    foreach (var finding in failure.Findings)
                    {
                        log.Warn("{Code}: {Message}", finding.Code, finding.Message);
                    }

                    log.Warn("The installation is complete. Backups that could not be deleted are "
                        + "deleted by a later run once they are {Days} days old, or delete them "
                        + "yourself.", DeploymentSteps.StaleBackupDays);
                }
            });

        /// <summary>UI sequence, before any dialog: fills both lists with temporary ComboBox rows.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_LoadChoices(Session session) =>
            Run(session, nameof(CertDeploy_LoadChoices), (deployment, log) =>
            {
                var choices = deployment.LoadDialogChoices(Properties(session));

                AddComboRows(session, PropertyNames.SigningThumbprint, SigningDetailsProperty,
                    choices.Signing);
                AddComboRows(session, PropertyNames.EncryptionThumbprint, EncryptionDetailsProperty,
                    choices.Encryption);
                log.Info("Offered {Signing} signing and {Encryption} encryption certificates",
                    choices.Signing.Count, choices.Encryption.Count);
                log.Info("{Targets}", choices.TargetsSummary);

                // The findings box first says what the run would configure.
                session[TargetsProperty] = choices.TargetsSummary;
                session[FindingsProperty] = choices.TargetsSummary + Environment.NewLine
                    + session[FindingsProperty];

                // A value from the command line or the remembered one wins over the ranking.
                Preselect(session, PropertyNames.SigningThumbprint, choices.PreselectedSigning);
                Preselect(session, PropertyNames.EncryptionThumbprint, choices.PreselectedEncryption);
            });

        /// <summary>UI, on Check and Next: shows details and findings; Next goes on only when valid.</summary>
        [CustomAction]
        public static ActionResult CertDeploy_ValidateSelection(Session session) =>
            Run(session, nameof(CertDeploy_ValidateSelection), (deployment, log) =>
            {
                var findings = ValidateInDialog(deployment, session);

                LogFindings(log, findings);
                session[SigningDetailsProperty] = StoredDetails(session, SigningDetailsProperty,
                    session[PropertyNames.SigningThumbprint]);
                session[EncryptionDetailsProperty] = StoredDetails(session, EncryptionDetailsProperty,
                    session[PropertyNames.EncryptionThumbprint]);
                var findingsText = findings.Count == 0
                    ? session[OkTextProperty]
                    : string.Join(Environment.NewLine, findings.Select(f => "- " + f.Message));
                session[FindingsProperty] = session[TargetsProperty].Length == 0
                    ? findingsText
                    : session[TargetsProperty] + Environment.NewLine + findingsText;
                session[ValidProperty] = findings.Any(f => f.IsError) ? "0" : "1";
            });

        // Started by a dialog button (DoAction), this action can neither show a message box nor
        // write to the log: Windows Installer drops its messages. So a failure of the check
        // itself is shown in the dialog like any finding, instead of ending the installation
        // with the generic error page.
        private static IReadOnlyList<Finding> ValidateInDialog(Deployment deployment, Session session)
        {
            try
            {
                return deployment.ValidateSelection(Properties(session));
            }
            catch (CertDeployException failure)
            {
                return failure.Findings;
            }
            catch (Exception unexpected) when (!(unexpected is InstallCanceledException
                                                 || unexpected is OperationCanceledException))
            {
                return new[]
                {
                    Finding.Error("SelectionCheckFailed",
                        "The selection could not be checked: " + unexpected.Message),
                };
            }
        }

        private static ActionResult Run(Session session, string action, Action<Deployment, ILog> body)
        {
            var log = new MsiLog(session);
            log.Info("{Action} starts", action);

            try
            {
                body(new Deployment(WindowsMachine.Create(), log), log);
                log.Info("{Action} done", action);
                return ActionResult.Success;
            }
            catch (CertDeployException failure)
            {
                LogFindings(log, failure.Findings);
                ShowError(session, action + ": " + failure.Message);
                return ActionResult.Failure;
            }
            catch (Exception canceled) when (canceled is InstallCanceledException
                                             || canceled is OperationCanceledException)
            {
                log.Warn("{Action} canceled by the user", action);
                return ActionResult.UserExit;
            }
            catch (Exception unexpected)
            {
                // The one catch-all: the whole exception goes to the log, with its stack.
                log.Error("{Action} failed unexpectedly: {Exception}", action, unexpected.ToString());
                ShowError(session, action + " failed unexpectedly: " + unexpected.Message
                    + " The MSI log (msiexec /l*v) has the details.");
                return ActionResult.Failure;
            }
        }

        private static InstallerProperties Properties(Session session) =>
            new InstallerProperties(name =>
            {
                var value = session[name];
                return value.Length == 0 ? null : value;
            });

        private static string PlanData(Session session) => session["CustomActionData"];

        private static void LogFindings(ILog log, IEnumerable<Finding> findings)
        {
            foreach (var finding in findings)
            {
                if (finding.IsError)
                {
                    log.Error("{Code}: {Message}", finding.Code, finding.Message);
                }
                else
                {
                    log.Warn("{Code}: {Message}", finding.Code, finding.Message);
                }
            }
        }

        private static void ShowError(Session session, string message)
        {
            // "[1]" keeps the message from being formatted again: paths may hold brackets.
            using (var record = new Record(1))
            {
                record.FormatString = "[1]";
                record[1] = message;
                session.Message(InstallMessage.Error | (InstallMessage)MessageButtons.OK
                    | (InstallMessage)MessageIcon.Error, record);
            }
        }

        private static void Progress(Session session, string text)
        {
            MessageResult answer;
            lock (MsiLog.SessionGate)
            {
                using (var record = new Record(1))
                {
                    record[1] = text;
                    answer = session.Message(InstallMessage.ActionData, record);
                }
            }

            if (answer == MessageResult.Cancel)
            {
                throw new OperationCanceledException("The user canceled while services restarted.");
            }
        }

        private static void AddComboRows(Session session, string property, string detailsProperty,
            IReadOnlyList<DialogEntry> entries)
        {
            using (var view = session.Database.OpenView(
                "SELECT `Property`, `Order`, `Value`, `Text` FROM `ComboBox`"))
            {
                view.Execute();
                for (var i = 0; i < entries.Count; i++)
                {
                    using (var row = new Record(property, i + 1, entries[i].Thumbprint, entries[i].Text))
                    {
                        view.InsertTemporary(row);
                    }

                    session[detailsProperty + "_" + entries[i].Thumbprint] = entries[i].Details;
                }
            }
        }

        private static void Preselect(Session session, string property, string? thumbprint)
        {
            // The list values are normalised thumbprints: a pasted form selects nothing.
            if (Thumbprint.TryNormalize(session[property], property, out var given, out _))
            {
                session[property] = given;
            }
            else if (thumbprint != null)
            {
                session[property] = thumbprint;
            }
        }

        private static string StoredDetails(Session session, string detailsProperty, string thumbprint)
        {
            var details = thumbprint.Length == 0 ? "" : session[detailsProperty + "_" + thumbprint];
            return details.Length == 0 ? session[detailsProperty] : details;
        }
    }
}
