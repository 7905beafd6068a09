import { AlertDeliveryDoc, AlertDoc, AlertRuleCreate, AlertRuleDoc, AlertRulePatch } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../plugins/api-error.js';
import { pageOf } from '../../plugins/list-params.js';
import { scopeOf } from '../../plugins/scope.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['alerts (extension)'];
const ruleParams = z.object({ ...projectParam, rule_id: pathId });
const alertParams = z.object({ ...projectParam, alert_id: pathId });
const pageQuery = z.object({ limit: z.string().optional(), offset: z.string().optional() });

const noRule = (id: string) => new ApiError(404, 'Not found', `no alert rule ${id} in this project`);

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/alerts/rules',
    {
      schema: {
        tags,
        summary: "The project's alert rules",
        params: z.object(projectParam),
        response: { 200: z.object({ rules: z.array(AlertRuleDoc) }) },
      },
    },
    async (req) => ({ rules: await app.store.alertRules.list(scopeOf(req)) }),
  );

  app.post(
    '/alerts/rules',
    {
      schema: {
        tags,
        summary: 'Create an alert rule: what to watch, on which jobs/clients, where to send',
        params: z.object(projectParam),
        body: AlertRuleCreate,
        response: { 201: AlertRuleDoc, 400: errors[400] },
      },
    },
    async (req, reply) => reply.code(201).send(await app.store.alertRules.create(scopeOf(req), req.body)),
  );

  app.get(
    '/alerts/rules/:rule_id',
    { schema: { tags, summary: 'One alert rule', params: ruleParams, response: { 200: AlertRuleDoc } } },
    async (req, reply) =>
      (await app.store.alertRules.get(scopeOf(req), req.params.rule_id)) ?? emptyReply(reply, 404),
  );

  app.patch(
    '/alerts/rules/:rule_id',
    {
      schema: {
        tags,
        summary: 'Change an alert rule (a rule turned off resolves its alerts without notifying)',
        params: ruleParams,
        body: AlertRulePatch,
        response: { 200: AlertRuleDoc, 400: errors[400], 404: errors[404] },
      },
    },
    async (req) => {
      const doc = await app.store.alertRules.patch(scopeOf(req), req.params.rule_id, req.body);
      if (!doc) throw noRule(req.params.rule_id);
      return doc;
    },
  );

  app.delete(
    '/alerts/rules/:rule_id',
    {
      schema: {
        tags,
        summary: 'Delete an alert rule with its alerts and queued notifications',
        params: ruleParams,
        response: { 404: errors[404] },
      },
    },
    async (req, reply) => {
      if (!(await app.store.alertRules.delete(scopeOf(req), req.params.rule_id)))
        throw noRule(req.params.rule_id);
      return emptyReply(reply, 204);
    },
  );

  app.get(
    '/alerts/firing',
    {
      schema: {
        tags,
        summary: 'Alerts firing now, newest first',
        params: z.object(projectParam),
        response: { 200: z.object({ alerts: z.array(AlertDoc), count: z.number().int() }) },
      },
    },
    async (req) => {
      const alerts = await app.store.alerts.firing(scopeOf(req).projectId);
      return { alerts, count: alerts.length };
    },
  );

  app.get(
    '/alerts/history',
    {
      schema: {
        tags,
        summary: 'Every alert, firing and resolved, newest first',
        params: z.object(projectParam),
        querystring: pageQuery,
        response: { 200: z.object({ alerts: z.array(AlertDoc) }), 400: errors[400] },
      },
    },
    async (req) => ({
      alerts: await app.store.alerts.history(scopeOf(req).projectId, pageOf(req.query)),
    }),
  );

  app.get(
    '/alerts/:alert_id/deliveries',
    {
      schema: {
        tags,
        summary: "An alert's notifications per route: sent, waiting (retry, quiet hours) or given up",
        params: alertParams,
        response: { 200: z.object({ deliveries: z.array(AlertDeliveryDoc) }) },
      },
    },
    async (req) => ({
      deliveries: await app.store.alerts.deliveries(scopeOf(req).projectId, req.params.alert_id),
    }),
  );
};
