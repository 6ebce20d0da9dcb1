package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"trawl/internal/auth"
	"trawl/internal/iam"
)

// iamCmd manages users, roles, access keys and policies in the data dir.
func iamCmd() *cobra.Command {
	root := &cobra.Command{Use: "iam", Short: "manage the API's users, roles, access keys and policies"}
	withStore := func(run func(cmd *cobra.Command, s *iam.Store, args []string) (any, error)) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			eng, closeEng, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeEng()
			s := iam.New(eng.Catalog.DB())
			if _, err := s.EnsureAccount(cmd.Context(), ""); err != nil {
				return err
			}
			out, err := run(cmd, s, args)
			if err != nil || out == nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "    ")
			return enc.Encode(out)
		}
	}
	user := func(u *iam.User) map[string]any {
		return map[string]any{"UserName": u.Name, "UserId": u.UserID, "Arn": u.ARN, "Path": "/", "CreateDate": u.Created.Format("2006-01-02T15:04:05Z")}
	}
	root.AddCommand(&cobra.Command{
		Use: "create-user NAME", Short: "create an IAM user", Args: cobra.ExactArgs(1),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			u, err := s.CreateUser(cmd.Context(), args[0])
			if err != nil {
				return nil, err
			}
			return map[string]any{"User": user(u)}, nil
		}),
	}, &cobra.Command{
		Use: "list-users", Short: "list the IAM users", Args: cobra.NoArgs,
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			us, err := s.ListUsers(cmd.Context())
			if err != nil {
				return nil, err
			}
			out := []map[string]any{}
			for i := range us {
				out = append(out, user(&us[i]))
			}
			return map[string]any{"Users": out}, nil
		}),
	}, &cobra.Command{
		Use: "create-access-key NAME", Short: "create an access key for a user (prints the secret once)", Args: cobra.ExactArgs(1),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			k, err := s.CreateAccessKey(cmd.Context(), args[0])
			if err != nil {
				return nil, err
			}
			return map[string]any{"AccessKey": map[string]any{"UserName": k.UserName, "AccessKeyId": k.AccessKeyID,
				"SecretAccessKey": k.SecretAccessKey, "Status": k.Status, "CreateDate": k.Created.Format("2006-01-02T15:04:05Z")}}, nil
		}),
	}, &cobra.Command{
		Use: "delete-access-key NAME ACCESS_KEY_ID", Short: "delete a user's access key", Args: cobra.ExactArgs(2),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			return nil, s.DeleteAccessKey(cmd.Context(), args[0], args[1])
		}),
	}, &cobra.Command{
		Use: "put-user-policy NAME POLICY.json", Short: "attach an inline IAM policy to a user", Args: cobra.ExactArgs(2),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			doc, err := os.ReadFile(args[1])
			if err != nil {
				return nil, err
			}
			if _, err := auth.ParsePolicy(doc); err != nil {
				return nil, fmt.Errorf("%s: %w", args[1], err)
			}
			name, _ := cmd.Flags().GetString("policy-name")
			if name == "" {
				name = strings.TrimSuffix(filepath.Base(args[1]), filepath.Ext(args[1]))
			}
			return nil, s.PutUserPolicy(cmd.Context(), args[0], name, string(doc))
		}),
	})
	root.AddCommand(roleCommands(withStore)...)
	for _, c := range root.Commands() {
		if strings.HasPrefix(c.Use, "put-user-policy") || strings.HasPrefix(c.Use, "put-role-policy") {
			c.Flags().String("policy-name", "", "the policy's name (default: the file's base name)")
		}
	}
	return root
}

// roleCommands are create-role, list-roles, put-role-policy and
// delete-role; output is the AWS CLI's.
func roleCommands(withStore func(run func(cmd *cobra.Command, s *iam.Store, args []string) (any, error)) func(*cobra.Command, []string) error) []*cobra.Command {
	role := func(r *iam.Role, withMax bool) map[string]any {
		out := map[string]any{"Path": r.Path, "RoleName": r.Name, "RoleId": r.RoleID, "Arn": r.ARN,
			"CreateDate": r.Created.Format("2006-01-02T15:04:05Z")}
		// The AWS CLI shows the trust policy as the JSON it is.
		var doc any
		if err := json.Unmarshal([]byte(r.AssumeRolePolicyDocument), &doc); err == nil {
			out["AssumeRolePolicyDocument"] = doc
		} else {
			out["AssumeRolePolicyDocument"] = r.AssumeRolePolicyDocument
		}
		if withMax {
			out["MaxSessionDuration"] = int64(r.MaxSessionDuration / time.Second)
		}
		return out
	}
	create := &cobra.Command{
		Use:   "create-role NAME --assume-role-policy-document TRUST.json",
		Short: "create an IAM role with a trust policy (who may assume it: sts:AssumeRole)",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			src, _ := cmd.Flags().GetString("assume-role-policy-document")
			if src == "" {
				return nil, fmt.Errorf("--assume-role-policy-document is required: a trust policy file (or file://FILE, or the JSON itself)")
			}
			doc, where, err := policyArg(src)
			if err != nil {
				return nil, err
			}
			if _, err := auth.ParseTrustPolicy(doc); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			maxDur, _ := cmd.Flags().GetInt("max-session-duration")
			if maxDur != 0 && (maxDur < 3600 || maxDur > 43200) {
				return nil, fmt.Errorf("--max-session-duration %d is not from 3600 to 43200 seconds", maxDur)
			}
			r, err := s.CreateRole(cmd.Context(), args[0], string(doc))
			if err != nil {
				return nil, err
			}
			if maxDur != 0 {
				if err := s.SetRoleMaxSessionDuration(cmd.Context(), r.Name, time.Duration(maxDur)*time.Second); err != nil {
					return nil, err
				}
				r.MaxSessionDuration = time.Duration(maxDur) * time.Second
			}
			return map[string]any{"Role": role(r, false)}, nil
		}),
	}
	create.Flags().String("assume-role-policy-document", "", "the trust policy: a JSON file, file://FILE, or the JSON itself")
	create.Flags().Int("max-session-duration", 0, "the longest session AssumeRole may ask for, in seconds (3600 to 43200; default 3600)")
	return []*cobra.Command{create, {
		Use: "list-roles", Short: "list the IAM roles", Args: cobra.NoArgs,
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			rs, err := s.ListRoles(cmd.Context())
			if err != nil {
				return nil, err
			}
			out := []map[string]any{}
			for i := range rs {
				out = append(out, role(&rs[i], true))
			}
			return map[string]any{"Roles": out}, nil
		}),
	}, {
		Use: "put-role-policy ROLE POLICY.json", Short: "attach an inline IAM policy to a role (what its sessions may do)", Args: cobra.ExactArgs(2),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			doc, err := os.ReadFile(args[1])
			if err != nil {
				return nil, err
			}
			if _, err := auth.ParsePolicy(doc); err != nil {
				return nil, fmt.Errorf("%s: %w", args[1], err)
			}
			name, _ := cmd.Flags().GetString("policy-name")
			if name == "" {
				name = strings.TrimSuffix(filepath.Base(args[1]), filepath.Ext(args[1]))
			}
			return nil, s.PutRolePolicy(cmd.Context(), args[0], name, string(doc))
		}),
	}, {
		Use: "delete-role NAME", Short: "delete a role, its inline policies and its sessions", Args: cobra.ExactArgs(1),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			return nil, s.DeleteRole(cmd.Context(), args[0])
		}),
	}}
}

// policyArg reads a policy given as the AWS CLI takes it: file://FILE, the
// JSON itself (starting with "{"), or, as the other trawl iam commands, a
// file name. It returns the document and what to call it in errors.
func policyArg(src string) ([]byte, string, error) {
	if strings.HasPrefix(strings.TrimSpace(src), "{") {
		return []byte(src), "the policy document", nil
	}
	path := strings.TrimPrefix(src, "file://")
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	return doc, path, nil
}
